import type { UpstreamStatus } from '@p2p/domain'

/**
 * Why the node is not healthy, for `/health`'s one line: each node service that is not up, by
 * name and state. An upstream's detail is its adapter's own words (the address it dials, the
 * error it got), so it is added only when the operator allows it (`p2p_status_detail`).
 */
export function healthReason(
  running: boolean,
  upstreams: Readonly<Record<string, UpstreamStatus>>,
  withDetail: boolean,
): string | undefined {
  if (!running) return 'not running'
  const down = Object.entries(upstreams)
    .filter(([, s]) => s.state !== 'up')
    .map(([name, s]) =>
      withDetail && s.detail !== undefined ? `${name} ${s.state} (${s.detail})` : `${name} ${s.state}`,
    )
  return down.length > 0 ? down.join('; ') : undefined
}
