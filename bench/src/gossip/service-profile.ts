import { spec2024WireFormat, teranodeWireFormat, unwrap, type WireFormat } from '@p2p/domain'
import { BENCH_SHARED_KEY, BENCH_TOPIC_PREFIX, MESSAGE_BYTES, paddedUrl } from './constants.js'

/** The wire profiles the service runs in the gossip comparison. */
export const SERVICE_PROFILES = ['spec2024', 'teranode'] as const
export type ServiceProfile = (typeof SERVICE_PROFILES)[number]

/** A peer id as long as an Ed25519 one (52 characters), for measuring a message's size. */
const PEER_ID_SHAPE = `12D3KooW${'a'.repeat(44)}`

/**
 * The settings a bench node of this profile runs with: the spec's is a PSK network with the
 * bench's topic prefix; today's is regtest on loopback, private addresses allowed and shared.
 */
export function profileSettings(profile: ServiceProfile, bootstrap: string): Record<string, string> {
  if (profile === 'teranode') {
    return {
      p2p_wire_profile: 'teranode',
      p2p_network: 'regtest',
      p2p_allow_private_ips: 'true',
      p2p_share_private_addresses: 'true',
      p2p_bootstrap_peers: bootstrap,
    }
  }
  return {
    p2p_dht_use_private: 'true',
    p2p_shared_key: BENCH_SHARED_KEY,
    p2p_topic_prefix: BENCH_TOPIC_PREFIX,
    p2p_bootstrapAddresses: bootstrap,
  }
}

/** Topics a node of this profile subscribes to: what "sees the other on every topic" counts. */
export function topicCount(profile: ServiceProfile): number {
  return wireOf(profile, 'peer').kinds.length
}

function wireOf(profile: ServiceProfile, clientName: string): WireFormat {
  return profile === 'teranode' ? teranodeWireFormat({ clientName }) : spec2024WireFormat
}

/**
 * The data hub URL that makes this node's subtree announcement, as its profile writes it (an
 * envelope around base64 on the teranode wire), as close to MESSAGE_BYTES as it gets without
 * passing it: measured with the domain's own encoder, so the stacks compare like for like.
 */
export function dataHubUrlFor(profile: ServiceProfile, host: string, clientName: string): string {
  const wire = wireOf(profile, clientName)
  const size = (url: string) =>
    wire.encode(
      'subtree',
      unwrap(wire.create('subtree', { hash: 'ab'.repeat(32), dataHubUrl: url, peerId: PEER_ID_SHAPE })),
    ).length
  let length = paddedUrl(host, 0).length
  while (size(paddedUrl(host, length + 1)) <= MESSAGE_BYTES) length++
  return paddedUrl(host, length)
}
