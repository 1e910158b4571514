import {
  blockMessageCodec,
  type InboundDirect,
  MAX_DIRECT_MESSAGE_BYTES,
  P2PError,
  type PeerId,
  verdictForError,
} from '@p2p/domain'
import type { BestBlockRequester } from '../best-block/best-block-requester.js'
import type { PeerStanding } from '../hardening/peer-standing.js'
import { BANNED } from '../hardening/refusals.js'
import type { InputGuard } from '../input-guard.js'
import type { AnnouncementRules } from './announcement-rules.js'
import type { Handoff } from './handoff.js'

export interface DirectHandlerDeps {
  readonly selfId: PeerId
  readonly guard: InputGuard
  readonly handoff: Handoff
  readonly requester: BestBlockRequester
  readonly standing: PeerStanding
  readonly rules: AnnouncementRules
}

const UNSOLICITED = new P2PError('unsolicited_reply', 'a best-block reply we did not ask for')
/** A reply while no request of ours is open: not a late one, an unasked one, and an offence. */
const UNASKED = new P2PError('unsolicited_reply', 'a best-block reply while we asked for none')

/**
 * A best-block reply from another peer. The reference only logged it; we hand the block to
 * block validation so that a node that was behind catches up, but only replies to a request we
 * made recently, only as many as one request may bring, and only a block not handed off already.
 * After decoding, a reply passes the announcement rules gossip does (author, URL, replay), with
 * one step of its own between URL and replay: it must answer our request. The direct stream
 * carries nothing else and no verdict waits on it, so anything malformed, spoofed, forbidden or
 * unasked on it is a protocol violation, penalized at once; a reply with no URL, or one that came
 * after enough others had, is merely refused.
 */
export class DirectHandler {
  constructor(private readonly deps: DirectHandlerDeps) {}

  handle({ from, data }: InboundDirect): void {
    const refusal = this.judge(from, data)
    if (refusal === undefined) return
    this.deps.guard.refused('direct', refusal, { from })
    // What would be a REJECT on gossip is the sender's fault here too, and so is an unasked reply.
    if (verdictForError(refusal.code) === 'reject' || refusal === UNASKED) {
      this.deps.standing.penalize(from, 'protocol_violation', `direct: ${refusal.code}`)
    }
  }

  /** The refusal, or undefined once the reply's block is queued for block validation. */
  private judge(from: PeerId, data: Uint8Array): P2PError | undefined {
    if (from === this.deps.selfId) return new P2PError('own_message', 'a direct message from ourselves')
    if (this.deps.standing.isBanned(from)) return BANNED
    const decoded = blockMessageCodec.decode(data, MAX_DIRECT_MESSAGE_BYTES)
    if (!decoded.ok) return decoded.error
    const reply = decoded.value
    const announced = {
      kind: 'block',
      hash: reply.hash,
      url: reply.dataHubUrl,
      claimed: reply.peerId,
    } as const
    const judged = this.deps.rules.judge(announced, from, false, { handOff: true, notify: false }, () => {
      const admission = this.deps.requester.admitReply()
      if (admission === 'admitted') return undefined
      return admission === 'unasked' ? UNASKED : UNSOLICITED
    })
    if ('code' in judged) return judged
    this.deps.handoff.push('block', { hash: reply.hash, baseUrl: reply.dataHubUrl, peerId: from })
    return undefined
  }
}
