import type { RejectedTx } from '../chain/chain-types.js'
import type { Startable, Unsubscribe } from './lifecycle.js'
import type { UpstreamStatus } from './upstream-status.js'

export type RejectedTxListener = (rejected: RejectedTx) => void

/** The node's transaction validator, as a stream of the transactions it rejected. */
export interface RejectedTxSource extends Startable {
  subscribe(listener: RejectedTxListener): Unsubscribe
  status(): UpstreamStatus
}
