import {
  FIELD_LIMITS,
  parseWith,
  type RejectedTx,
  rejectedTxMessageCodec,
  rejectedTxSchema,
  toPrintable,
  unwrap,
} from '@p2p/domain'
import type { InputGuard } from '../input-guard.js'
import type { BoundedQueue } from '../queue/bounded-queue.js'
import { eventQueue } from '../queue/event-queue.js'
import type { Publisher } from './publisher.js'

export interface RejectedTxAnnouncerDeps {
  readonly publisher: Publisher
  readonly guard: InputGuard
  readonly peerId: string
  readonly queueLimit: number
}

/** Announces what our validator rejected; the reason is made printable and cut to size first. */
export class RejectedTxAnnouncer {
  private readonly queue: BoundedQueue<RejectedTx>

  constructor(private readonly deps: RejectedTxAnnouncerDeps) {
    this.queue = eventQueue<RejectedTx>({
      source: 'rejectedTxSource',
      guard: deps.guard,
      limit: deps.queueLimit,
      run: (rejected) => this.announce(rejected),
      describe: (rejected) => ({ txId: rejected.txId }),
    })
  }

  readonly onRejected = (rejected: unknown): void => {
    const parsed = parseWith(rejectedTxSchema, rejected, 'rejected tx')
    if (!parsed.ok) {
      this.deps.guard.refused('rejectedTxSource', parsed.error)
      return
    }
    this.queue.push(parsed.value)
  }

  close(): Promise<void> {
    return this.queue.close()
  }

  private async announce(rejected: RejectedTx): Promise<void> {
    const message = rejectedTxMessageCodec.create({
      txId: rejected.txId,
      reason: toPrintable(rejected.reason, FIELD_LIMITS.reasonChars),
      peerId: this.deps.peerId,
    })
    await this.deps.publisher.publish('rejectedTx', unwrap(message))
  }
}
