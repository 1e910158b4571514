import type { PeerId } from './peer-network.js'

/**
 * What a peer did wrong, by weight (reference: invalid block/subtree +10, protocol violation +20,
 * spam +50; 100 bans). The core reports protocol violations and spam; `invalid_message` is for a
 * block or subtree found invalid by block validation, which only an adapter that hears its
 * verdicts can report.
 */
export const OFFENCES = ['invalid_message', 'protocol_violation', 'spam'] as const
export type Offence = (typeof OFFENCES)[number]

/**
 * Misbehaviour the core observed, reported to whatever keeps peers' standing (the libp2p adapter:
 * a decaying ban score, a connection gater, bans kept across restarts). Cheap and never throws.
 */
export interface PeerReputation {
  penalize(peer: PeerId, offence: Offence, detail: string): void
  isBanned(peer: PeerId): boolean
}
