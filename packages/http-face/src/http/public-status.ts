import type { UpstreamStatus } from '@p2p/domain'
import type { NodeStatus } from './node-status.js'

/**
 * The status as strangers see it. An upstream's `detail` is its adapter's own words (an error
 * message, the address it dials), which tell an outsider where the node's services live; by
 * default only the state, its age and the counters go out, and the detail stays in the logs.
 * Operators who want it on `/health?detail=1`, `/status` and the dashboard turn it on.
 */
export function publicStatus(status: NodeStatus, exposeDetail: boolean): NodeStatus {
  if (exposeDetail) return status
  const upstreams: Record<string, UpstreamStatus> = {}
  for (const [name, upstream] of Object.entries(status.upstreams)) {
    const { detail: _hidden, ...rest } = upstream
    upstreams[name] = rest
  }
  return { ...status, upstreams }
}
