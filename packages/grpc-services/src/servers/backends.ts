import type { BlockHeaderInfo, ChainEvent, Hash, RejectedTx, Unsubscribe } from '@p2p/domain'

/** Header info with the 80 bytes it describes: the blockchain API sends the bytes. */
export interface HeaderRecord {
  readonly info: BlockHeaderInfo
  readonly header: Uint8Array
}

/** What a server of the blockchain API answers from (a simulated chain, a test double). */
export interface ChainBackend {
  subscribe(listener: (event: ChainEvent) => void): Unsubscribe
  bestHeaderRecord(): HeaderRecord | undefined
  headerRecord(hash: Hash): HeaderRecord | undefined
}

/** What a server of the block validation API hands calls to. */
export interface BlockValidationBackend {
  blockFound(hash: Hash, baseUrl: string): Promise<void>
  subtreeFound(hash: Hash, baseUrl: string): Promise<void>
}

/** What a server of the validator API streams. */
export interface RejectedTxBackend {
  subscribe(listener: (rejected: RejectedTx) => void): Unsubscribe
}
