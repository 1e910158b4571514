import {
  blockMessageCodec,
  type InboundDirect,
  MAX_DIRECT_MESSAGE_BYTES,
  P2PError,
  type PeerId,
} from '@p2p/domain'
import type { BestBlockRequester } from '../best-block/best-block-requester.js'
import type { PeerStanding } from '../hardening/peer-standing.js'
import { BANNED, REPLAY, refuseDataHubUrl } from '../hardening/refusals.js'
import type { ReplayGuard } from '../hardening/replay-guard.js'
import type { InputGuard } from '../input-guard.js'
import type { Handoff } from './handoff.js'

export interface DirectHandlerDeps {
  readonly selfId: PeerId
  readonly guard: InputGuard
  readonly handoff: Handoff
  readonly requester: BestBlockRequester
  readonly standing: PeerStanding
  readonly replay: ReplayGuard
  readonly allowPrivateDataHubUrls: boolean
}

/**
 * A best-block reply from another peer. The reference only logged it; we hand the block to
 * block validation so that a node that was behind catches up, but only replies to a request we
 * made recently, only as many as one request may bring, and only a block not handed off already.
 * The direct stream carries nothing else, so anything malformed, spoofed, forbidden or unasked
 * on it is a protocol violation; a reply with no URL, or one that came after enough others had,
 * is merely refused.
 */
export class DirectHandler {
  constructor(private readonly deps: DirectHandlerDeps) {}

  handle({ from, data }: InboundDirect): void {
    const { guard, standing } = this.deps
    const refuse = (error: P2PError, offending = false) => {
      guard.refused('direct', error, { from })
      if (offending) standing.penalize(from, 'protocol_violation', `direct: ${error.code}`)
    }
    if (from === this.deps.selfId) {
      refuse(new P2PError('own_message', 'a direct message from ourselves'))
      return
    }
    if (standing.isBanned(from)) {
      refuse(BANNED)
      return
    }
    const decoded = blockMessageCodec.decode(data, MAX_DIRECT_MESSAGE_BYTES)
    if (!decoded.ok) {
      refuse(decoded.error, true)
      return
    }
    const reply = decoded.value
    if (reply.peerId !== '' && reply.peerId !== from) {
      const claimed = { context: { claimed: reply.peerId } }
      refuse(new P2PError('peer_id_mismatch', 'reply names a peer other than its sender', claimed), true)
      return
    }
    if (reply.dataHubUrl === '') {
      // Go's zero value, as on gossip: a misconfigured peer, not a hostile one.
      refuse(new P2PError('missing_data_hub_url', 'best-block reply has no data hub URL'))
      return
    }
    const forbidden = refuseDataHubUrl(reply.dataHubUrl, this.deps.allowPrivateDataHubUrls)
    if (forbidden) {
      refuse(forbidden, true)
      return
    }
    const admission = this.deps.requester.admitReply()
    if (admission !== 'admitted') {
      refuse(
        new P2PError('unsolicited_reply', 'a best-block reply we did not ask for'),
        admission === 'unasked',
      )
      return
    }
    const announcer = { peerId: from, baseUrl: reply.dataHubUrl }
    const wanted = { handOff: true, notify: false }
    if (!this.deps.replay.sight('block', reply.hash, announcer, false, wanted).handOff) {
      refuse(REPLAY)
      return
    }
    this.deps.handoff.push('block', { hash: reply.hash, baseUrl: reply.dataHubUrl, peerId: from })
  }
}
