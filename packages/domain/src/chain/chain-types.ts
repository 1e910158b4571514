import { z } from 'zod'
import type { Hash } from '../hash/hash.js'
import { hashSchema, uint32Schema, uint64Schema } from '../messages/fields.js'

/** What the node's blockchain service tells us happened. */
export const CHAIN_EVENT_KINDS = ['block', 'subtree', 'miningOn'] as const
export type ChainEventKind = (typeof CHAIN_EVENT_KINDS)[number]

export interface ChainEvent {
  readonly kind: ChainEventKind
  readonly hash: Hash
  /** The base URL the blockchain service reported, if any; announcements use our own data hub URL. */
  readonly baseUrl?: string | undefined
}

// Port data is built by adapters: extra properties are dropped, not refused.
export const chainEventSchema = z.object({
  kind: z.enum(CHAIN_EVENT_KINDS),
  hash: hashSchema,
  baseUrl: z.string().optional(),
})

/** A block header and the facts about its block that announcements need. */
export interface BlockHeaderInfo {
  readonly hash: Hash
  readonly previousHash: Hash
  readonly height: number
  readonly txCount: bigint
  readonly sizeInBytes: bigint
  /** Free text from the coinbase; sanitised before it is announced. */
  readonly miner: string
}

export const blockHeaderInfoSchema = z.object({
  hash: hashSchema,
  previousHash: hashSchema,
  height: uint32Schema,
  txCount: uint64Schema,
  sizeInBytes: uint64Schema,
  // Bounded so a broken upstream cannot hand us megabytes; made printable before announcing.
  miner: z.string().max(64 * 1024),
})

/** A transaction the node's validator rejected. */
export interface RejectedTx {
  readonly txId: Hash
  readonly reason: string
}

export const rejectedTxSchema = z.object({
  txId: hashSchema,
  reason: z.string().max(64 * 1024),
})
