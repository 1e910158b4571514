import type { ComponentLogger, Logger } from '@libp2p/interface'

const silent: Logger = Object.assign(() => {}, {
  enabled: false,
  error: () => {},
  trace: () => {},
  newScope: () => silent,
})

/**
 * libp2p's own debug logging, which is off unless `DEBUG` names its namespaces. Off, its default
 * logger still builds a `debug` instance (namespace matching, a tty check) for every logger it
 * hands out, and libp2p asks for new ones per connection and stream: 6 % of the CPU of twenty
 * nodes forming a mesh in the benchmark. Without `DEBUG` we hand out one logger that does
 * nothing; with it, libp2p's default, so `DEBUG=libp2p:*` works as documented upstream.
 */
export function libp2pLogger(debugSetting: string | undefined): ComponentLogger | undefined {
  if (debugSetting !== undefined && debugSetting.trim() !== '') return undefined
  return { forComponent: () => silent }
}
