import type { ConnectionGater } from '@libp2p/interface'

type DenyMethod = {
  [K in keyof ConnectionGater]-?: K extends `deny${string}` ? K : never
}[keyof ConnectionGater]

const DENY_METHODS: readonly DenyMethod[] = [
  'denyDialPeer',
  'denyDialMultiaddr',
  'denyInboundConnection',
  'denyOutboundConnection',
  'denyInboundEncryptedConnection',
  'denyOutboundEncryptedConnection',
  'denyInboundUpgradedConnection',
  'denyOutboundUpgradedConnection',
  'denyInboundRelayReservation',
  'denyOutboundRelayedConnection',
  'denyInboundRelayedConnection',
]

/**
 * One gater that denies when any of `gaters` denies, asking them in order and stopping at the
 * first refusal: libp2p takes a single gater, and bans and admission are separate concerns. Order
 * matters for gaters that count what they let through (admission), so those go last.
 */
export function composeGaters(...gaters: readonly ConnectionGater[]): ConnectionGater {
  const composed: ConnectionGater = {}
  for (const method of DENY_METHODS) {
    const own = gaters.filter((gater) => gater[method] !== undefined)
    if (own.length === 0) continue
    const deny = async (...args: unknown[]): Promise<boolean> => {
      for (const gater of own) {
        const fn = gater[method] as (...a: unknown[]) => boolean | Promise<boolean>
        if (await fn.apply(gater, args)) return true
      }
      return false
    }
    Object.assign(composed, { [method]: deny })
  }
  return composed
}
