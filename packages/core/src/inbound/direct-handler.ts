import {
  blockMessageCodec,
  type InboundDirect,
  MAX_DIRECT_MESSAGE_BYTES,
  P2PError,
  type PeerId,
} from '@p2p/domain'
import type { BestBlockRequester } from '../best-block/best-block-requester.js'
import type { InputGuard } from '../input-guard.js'
import type { Handoff } from './handoff.js'

/**
 * A best-block reply from another peer. The reference only logged it; we hand the block to
 * block validation so that a node that was behind catches up, but only replies to a request we
 * made recently, and only as many as one request may bring.
 */
export class DirectHandler {
  constructor(
    private readonly deps: {
      readonly selfId: PeerId
      readonly guard: InputGuard
      readonly handoff: Handoff
      readonly requester: BestBlockRequester
    },
  ) {}

  handle({ from, data }: InboundDirect): void {
    const refuse = (error: P2PError) => this.deps.guard.refused('direct', error, { from })
    if (from === this.deps.selfId) {
      refuse(new P2PError('own_message', 'a direct message from ourselves'))
      return
    }
    const decoded = blockMessageCodec.decode(data, MAX_DIRECT_MESSAGE_BYTES)
    if (!decoded.ok) {
      refuse(decoded.error)
      return
    }
    const reply = decoded.value
    if (reply.peerId !== '' && reply.peerId !== from) {
      refuse(
        new P2PError('peer_id_mismatch', 'reply names a peer other than its sender', {
          context: { claimed: reply.peerId },
        }),
      )
      return
    }
    if (reply.dataHubUrl === '') {
      refuse(new P2PError('missing_data_hub_url', 'best-block reply has no data hub URL'))
      return
    }
    if (!this.deps.requester.admitReply()) {
      refuse(new P2PError('unsolicited_reply', 'a best-block reply we did not ask for'))
      return
    }
    this.deps.handoff.push('block', { hash: reply.hash, baseUrl: reply.dataHubUrl, peerId: from })
  }
}
