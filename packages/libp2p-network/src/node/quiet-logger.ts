import type { ComponentLogger, Logger } from '@libp2p/interface'

const silent: Logger = Object.assign(() => {}, {
  enabled: false,
  error: () => {},
  trace: () => {},
  newScope: () => silent,
})

/**
 * libp2p's own debug logging, off unless `debugLog` (the composition root turns it on when `DEBUG`
 * is set). Off, its default logger still builds a `debug` instance (namespace matching, a tty
 * check) for every logger it hands out, and libp2p asks for new ones per connection and stream:
 * 6 % of the CPU of twenty nodes forming a mesh in the benchmark. So off, we hand out one logger
 * that does nothing; on, libp2p's default, so `DEBUG=libp2p:*` works as documented upstream.
 */
export function libp2pLogger(debugLog: boolean): ComponentLogger | undefined {
  if (debugLog) return undefined
  return { forComponent: () => silent }
}
