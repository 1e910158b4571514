import { buildTopicNames, spec2024WireFormat, teranodeWireFormat, type WireFormat } from '@p2p/domain'
import type { Libp2pPeerNetworkOptions } from '@p2p/libp2p-network'
import type { Settings } from '../settings/settings-schema.js'

/** What the wire profile decides: the dialect, its topics, and whether a PSK wraps connections. */
export interface WireProfile {
  readonly wire: WireFormat
  readonly topicNames: NonNullable<Libp2pPeerNetworkOptions['topicNames']>
  readonly privateNetwork: Libp2pPeerNetworkOptions['privateNetwork']
}

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
  }
}
