import { isDeepStrictEqual } from 'node:util'
import { buildTopicNames, spec2024WireFormat, teranodeWireFormat, type WireFormat } from '@p2p/domain'
import type { Libp2pPeerNetworkOptions } from '@p2p/libp2p-network'
import { SETTINGS, type SettingKey } from '../settings/setting-definitions.js'
import type { Settings } from '../settings/settings-schema.js'

/**
 * What the wire profile decides: the dialect, its topics, whether a PSK wraps connections, and
 * the transport options that differ between the networks of each era.
 */
export interface WireProfile {
  readonly wire: WireFormat
  readonly topicNames: NonNullable<Libp2pPeerNetworkOptions['topicNames']>
  readonly privateNetwork: Libp2pPeerNetworkOptions['privateNetwork']
  readonly transport: Pick<
    Libp2pPeerNetworkOptions,
    | 'dhtMode'
    | 'peerRedial'
    | 'refusePrivateAddresses'
    | 'announceAddresses'
    | 'announcePrivateAddresses'
    | 'connectionMarks'
    | 'addressExchange'
    | 'peerCache'
  >
  /** The start-up rule of today's networks: only our status until our blockchain service is up. */
  readonly statusOnlyUntilChainUp: boolean
  /**
   * Settings given a value other than their default that this profile does not read, so the
   * composition root can say so instead of letting, say, a PSK silently not apply.
   */
  readonly unreadSettings: readonly SettingKey[]
}

/** What only the spec's dialect reads: its PSK and private DHT, its topic names, its direct stream. */
const SPEC2024_ONLY: readonly SettingKey[] = [
  'p2p_dht_use_private',
  'p2p_shared_key',
  'p2p_dht_protocol_id',
  'p2p_topic_prefix',
  'p2p_block_topic',
  'p2p_subtree_topic',
  'p2p_bestblock_topic',
  'p2p_mining_on_topic',
  'p2p_rejected_tx_topic',
  'p2p_direct_protocol_id',
  'p2p_best_block_request_interval_ms',
  'p2p_gossip_rate_bestblock',
  'p2p_gossip_rate_mining_on',
]
/** What only today's dialect reads. */
const TERANODE_ONLY: readonly SettingKey[] = ['p2p_network', 'p2p_gossip_rate_node_status']

/** The keys among `keys` whose value is not what their declared default reads as. */
function changedFromDefault(settings: Settings, keys: readonly SettingKey[]): SettingKey[] {
  return keys.filter((key) => {
    const declaration: { schema: { parse(text: string | undefined): unknown }; default?: string } =
      SETTINGS[key]
    return !isDeepStrictEqual(settings[key], declaration.schema.parse(declaration.default))
  })
}

/** Today's networks: bootstrap and static peers every 5 s for 2 minutes, then every 30 s. */
const TERANODE_REDIAL = { everyMs: 5_000, forMs: 120_000, thenEveryMs: 30_000 }
/** Today's networks' connection manager: low 25, high 35, 20 s grace. */
const TERANODE_CONNECTION_MARKS = { low: 25, high: 35, graceMs: 20_000 }

/**
 * The one place `p2p_wire_profile` is read: a profile is a set of adapters and their options,
 * chosen here, and nothing past the composition root asks which one runs.
 */
export function wireProfileOf(settings: Settings): WireProfile {
  if (settings.p2p_wire_profile === 'teranode') {
    const wire = teranodeWireFormat({ clientName: settings.clientName })
    return {
      wire,
      // Today's networks fix their topic names; the spec-era topic settings do not apply.
      topicNames: buildTopicNames(`teranode/bitcoin/1.0.0/${settings.p2p_network}`, {}, wire.kinds).byKind,
      // No PSK on today's networks: p2p_shared_key is not read.
      privateNetwork: undefined,
      transport: {
        // A silent node keeps out of the DHT and announces no address.
        dhtMode: settings.listen_mode === 'silent' ? 'off' : (settings.p2p_dht_mode ?? 'off'),
        peerRedial: TERANODE_REDIAL,
        refusePrivateAddresses: !settings.p2p_allow_private_ips,
        announceAddresses: settings.p2p_advertise_addresses,
        announcePrivateAddresses:
          settings.listen_mode !== 'silent' && (settings.p2p_share_private_addresses ?? false),
        connectionMarks: TERANODE_CONNECTION_MARKS,
        addressExchange: true,
        peerCache: true,
      },
      statusOnlyUntilChainUp: true,
      unreadSettings: changedFromDefault(settings, SPEC2024_ONLY),
    }
  }
  return {
    wire: spec2024WireFormat,
    topicNames: buildTopicNames(settings.p2p_topic_prefix, {
      bestBlock: settings.p2p_bestblock_topic,
      block: settings.p2p_block_topic,
      subtree: settings.p2p_subtree_topic,
      miningOn: settings.p2p_mining_on_topic,
      rejectedTx: settings.p2p_rejected_tx_topic,
    }).byKind,
    privateNetwork:
      settings.p2p_dht_use_private && settings.p2p_shared_key !== undefined
        ? { sharedKey: settings.p2p_shared_key, dhtProtocolPrefix: settings.p2p_dht_protocol_id }
        : undefined,
    // The spec era's networks are private ones on LAN addresses: they are connected to and shared.
    transport: {
      ...(settings.p2p_dht_mode === undefined ? {} : { dhtMode: settings.p2p_dht_mode }),
      announceAddresses: settings.p2p_advertise_addresses,
      announcePrivateAddresses: settings.p2p_share_private_addresses ?? true,
    },
    // The spec's node asks for the best block as soon as it starts.
    statusOnlyUntilChainUp: false,
    unreadSettings: changedFromDefault(settings, TERANODE_ONLY),
  }
}
