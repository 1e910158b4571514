import {
  blockMessageCodec,
  type InboundDirect,
  MAX_DIRECT_MESSAGE_BYTES,
  P2PError,
  type PeerId,
} from '@p2p/domain'
import type { InputGuard } from '../input-guard.js'
import type { Handoff } from './handoff.js'

/**
 * A best-block reply from another peer. The reference only logged it; we hand the block to
 * block validation so that a node that was behind catches up.
 */
export class DirectHandler {
  constructor(
    private readonly deps: { readonly selfId: PeerId; readonly guard: InputGuard; readonly handoff: Handoff },
  ) {}

  handle({ from, data }: InboundDirect): void {
    if (from === this.deps.selfId) return
    const decoded = blockMessageCodec.decode(data, MAX_DIRECT_MESSAGE_BYTES)
    if (!decoded.ok) {
      this.deps.guard.refused('direct', decoded.error, { from })
      return
    }
    const reply = decoded.value
    if (reply.dataHubUrl === '') {
      this.deps.guard.refused(
        'direct',
        new P2PError('missing_data_hub_url', 'best-block reply has no data hub URL'),
        {
          from,
        },
      )
      return
    }
    this.deps.handoff.push('block', { hash: reply.hash, baseUrl: reply.dataHubUrl, peerId: from })
  }
}
