import { Counter, Gauge, type Registry } from 'prom-client'

/**
 * What the composition root can tell at scrape time about parts that count for themselves (the
 * load gauge, the network's bans and admission); each field it leaves out has no sample.
 * Totals only ever grow.
 */
export interface NodeReadings {
  /** 1 while the node is overloaded and shedding gossip it can afford to lose, else 0. */
  readonly overloaded?: number
  readonly overloadedSecondsTotal?: number
  readonly overloadEpisodesTotal?: number
  /** Peers disconnected because they stopped reading our gossip. */
  readonly stalledPeerDisconnectsTotal?: number
  readonly bannedPeers?: number
  readonly bannedAddresses?: number
  /** Bans dropped, oldest first, to keep the ban list within its cap. */
  readonly banEvictionsTotal?: number
  /** Connections closed because an address ban landed on the address they came from. */
  readonly addressBanHangUpsTotal?: number
  /** Connections refused before the handshake, by reason (a closed set of the network adapter's). */
  readonly admissionRefusalsTotal?: Readonly<Record<string, number>>
  /** Connections refused, by direction (`dial`, `inbound`), because their address is private. */
  readonly privateAddressRefusalsTotal?: Readonly<Record<string, number>>
  /** Connections closed to bring the count back under the connection marks. */
  readonly trimmedConnectionsTotal?: number
  /**
   * The address exchange, by event: requests `served` and `refused` (of those, `limited` by the
   * per-peer budget); requests we `asked`, `answered` with addresses, authors `dialled`, `failed`.
   */
  readonly addressExchangeTotal?: Readonly<Record<string, number>>
  /** Peers in our gossipsub mesh now, by topic kind: below D_lo (2) a topic is poorly connected. */
  readonly meshPeers?: Readonly<Record<string, number>>
}

export type NodeReadingsSource = () => NodeReadings

type Labelled =
  | 'admissionRefusalsTotal'
  | 'privateAddressRefusalsTotal'
  | 'addressExchangeTotal'
  | 'meshPeers'
type Scalar = Exclude<keyof NodeReadings, Labelled>

const LABELLED: ReadonlyArray<{ key: Labelled; name: string; label: string; help: string; gauge?: true }> = [
  {
    key: 'admissionRefusalsTotal',
    name: 'admission_refusals_total',
    label: 'reason',
    help: 'Inbound connections refused before their handshake (per-host and pool caps), by reason.',
  },
  {
    key: 'privateAddressRefusalsTotal',
    name: 'private_address_refusals_total',
    label: 'direction',
    help: 'Connections refused because their address is private, loopback, link-local or CGNAT (teranode profile), by direction.',
  },
  {
    key: 'addressExchangeTotal',
    name: 'address_exchange_total',
    label: 'event',
    help: 'The address exchange (teranode profile): requests served, refused and limited; requests asked, answered, authors dialled, failures.',
  },
  {
    key: 'meshPeers',
    name: 'mesh_peers',
    label: 'topic',
    help: 'Peers in our gossipsub mesh now, by topic kind (below 2, D_lo, a topic is poorly connected).',
    gauge: true,
  },
]

const SCALARS: ReadonlyArray<{ key: Scalar; name: string; help: string; total: boolean }> = [
  {
    key: 'overloaded',
    name: 'overloaded',
    help: '1 while the node is overloaded and sheds gossip it can afford to lose.',
    total: false,
  },
  {
    key: 'overloadedSecondsTotal',
    name: 'overloaded_seconds_total',
    help: 'Time spent overloaded.',
    total: true,
  },
  {
    key: 'overloadEpisodesTotal',
    name: 'overload_episodes_total',
    help: 'Times the node became overloaded.',
    total: true,
  },
  {
    key: 'stalledPeerDisconnectsTotal',
    name: 'stalled_peer_disconnects_total',
    help: 'Peers disconnected because they stopped reading our gossip.',
    total: true,
  },
  { key: 'bannedPeers', name: 'banned_peers', help: 'Peer ids banned now.', total: false },
  { key: 'bannedAddresses', name: 'banned_addresses', help: 'IP addresses banned now.', total: false },
  {
    key: 'banEvictionsTotal',
    name: 'ban_evictions_total',
    help: 'Bans dropped, oldest first, to keep the ban list within its cap.',
    total: true,
  },
  {
    key: 'addressBanHangUpsTotal',
    name: 'address_ban_hangups_total',
    help: 'Open connections closed because their address was banned.',
    total: true,
  },
  {
    key: 'trimmedConnectionsTotal',
    name: 'connections_trimmed_total',
    help: 'Connections closed to bring the count back to the low mark (never topic, static or bootstrap peers).',
    total: true,
  },
]

/** A number a metric can carry, or undefined (no sample) for anything else. */
function reading(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined
}

/**
 * Registers the scrape-time metrics of NodeReadings. `read` never throws to prom-client: a
 * failing source leaves the samples out and is counted by `onError`.
 */
export function defineNodeReadings(
  registry: Registry,
  prefix: string,
  read: () => NodeReadings | undefined,
): void {
  const registers = [registry]
  for (const { key, name, help, total } of SCALARS) {
    const collect = function (this: Gauge | Counter) {
      this.reset()
      const value = reading(read()?.[key])
      if (value === undefined) this.remove()
      else if (this instanceof Gauge) this.set(value)
      else this.inc(value)
    }
    if (total) new Counter({ name: `${prefix}${name}`, help, registers, collect })
    else new Gauge({ name: `${prefix}${name}`, help, registers, collect })
  }
  for (const { key, name, label, help, gauge } of LABELLED) {
    const collect = function (this: Gauge<string> | Counter<string>) {
      this.reset()
      for (const [value, count] of Object.entries(read()?.[key] ?? {})) {
        const n = reading(count)
        if (n === undefined) continue
        if (this instanceof Gauge) this.set({ [label]: value }, n)
        else this.inc({ [label]: value }, n)
      }
    }
    const config = { name: `${prefix}${name}`, help, labelNames: [label], registers, collect }
    if (gauge) new Gauge<string>(config)
    else new Counter<string>(config)
  }
}
