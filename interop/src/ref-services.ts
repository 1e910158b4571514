import { GoProgramDriver, launchGoProgram } from './go-program-driver.js'
import type { JsonLinesChild } from './json-lines-child.js'

export type RefService = 'blockchain' | 'blockValidation' | 'validator'
export type RefServicesPorts = Readonly<Record<RefService, number>>

export interface RefServicesOptions {
  /** Host every service listens on (default 127.0.0.1). */
  readonly host?: string
  /**
   * Fixed ports, e.g. the `ports` of a killed instance to restart on them; 0 or absent is any
   * free port. Services given the same fixed port share one server.
   */
  readonly ports?: Partial<RefServicesPorts>
  /** Sent in the notifications refservices makes itself (mine, subtree, miningOn). */
  readonly baseUrl?: string
  /** Miner of the blocks it mines. */
  readonly miner?: string
  /** Shortest client ping interval the servers tolerate; grpc-go's default (5 min) when absent. */
  readonly keepaliveMinTimeMs?: number
  /** Each log line (stderr) of the program. */
  readonly onLog?: (line: string) => void
  readonly readyTimeoutMs?: number
}

export interface MinedBlock {
  /** Display hex (the reverse of the internal byte order on the wire). */
  readonly hash: string
  readonly height: number
  /** The 80-byte header, hex. */
  readonly header: string
  readonly previousHash: string
}

export interface MineResult extends MinedBlock {
  /** Every block mined, when more than one was. */
  readonly blocks?: readonly MinedBlock[]
}

export type RawNotificationType = 'PING' | 'Subtree' | 'Block' | 'MiningOn'

export interface HeaderToStore {
  /** The 80-byte header; its sha256d is the hash look-ups find it by. */
  readonly header: Uint8Array | string
  readonly height: number
  readonly txCount: bigint | number
  readonly sizeInBytes: bigint | number
  readonly miner: string
  /** Defaults to the header's own timestamp. */
  readonly blockTime?: number
  /** Also make it the best header. */
  readonly best?: boolean
}

export interface ValidationCall {
  readonly hash: string
  readonly baseUrl: string
  readonly atMs: number
  /** Arrival order across BlockFound and SubtreeFound. */
  readonly seq: number
}

export interface ReceivedCalls {
  readonly blockFound: readonly ValidationCall[]
  readonly subtreeFound: readonly ValidationCall[]
}

export interface OpenSubscription {
  readonly source: string
  readonly openedAtMs: number
}

export interface Subscriptions {
  readonly blockchain: readonly OpenSubscription[]
  readonly validator: readonly OpenSubscription[]
}

/** A gRPC status name, as grpc-go spells it (`UNAVAILABLE`, `INTERNAL`, …). */
export type GrpcCodeName =
  | 'CANCELLED'
  | 'UNKNOWN'
  | 'INVALID_ARGUMENT'
  | 'DEADLINE_EXCEEDED'
  | 'NOT_FOUND'
  | 'ALREADY_EXISTS'
  | 'PERMISSION_DENIED'
  | 'RESOURCE_EXHAUSTED'
  | 'FAILED_PRECONDITION'
  | 'ABORTED'
  | 'OUT_OF_RANGE'
  | 'UNIMPLEMENTED'
  | 'INTERNAL'
  | 'UNAVAILABLE'
  | 'DATA_LOSS'
  | 'UNAUTHENTICATED'

interface Ready {
  readonly ports: RefServicesPorts
  readonly pid: number
}

/**
 * The node services (blockchain, block validation, validator) as the reference runs them, on
 * grpc-go: interop/cmd/refservices, driven over its control channel.
 */
export class RefServices extends GoProgramDriver<Ready> {
  /** `host:port` of each service, for our clients' `address` settings. */
  readonly addresses: Readonly<Record<RefService, string>>

  private constructor(
    child: JsonLinesChild<Ready>,
    readonly ports: RefServicesPorts,
    host: string,
  ) {
    super(child)
    const at = (port: number) => `${host.includes(':') ? `[${host}]` : host}:${port}`
    this.addresses = {
      blockchain: at(ports.blockchain),
      blockValidation: at(ports.blockValidation),
      validator: at(ports.validator),
    }
  }

  static async start(options: RefServicesOptions = {}): Promise<RefServices> {
    const host = options.host ?? '127.0.0.1'
    const listen = (flag: string, service: RefService) => [
      `-${flag}`,
      `${host.includes(':') ? `[${host}]` : host}:${options.ports?.[service] ?? 0}`,
    ]
    const args = [
      ...listen('blockchain-listen', 'blockchain'),
      ...listen('blockvalidation-listen', 'blockValidation'),
      ...listen('validator-listen', 'validator'),
      ...(options.baseUrl === undefined ? [] : ['-base-url', options.baseUrl]),
      ...(options.miner === undefined ? [] : ['-miner', options.miner]),
      ...(options.keepaliveMinTimeMs === undefined
        ? []
        : ['-keepalive-min-time', `${options.keepaliveMinTimeMs}ms`]),
    ]
    const { child, ready } = await launchGoProgram<Ready>('refservices', 'refservices', args, options)
    return new RefServices(child, ready.ports, host)
  }

  /** Mines `count` blocks on the best one: each is stored, then notified (type Block). */
  mine(count = 1): Promise<MineResult> {
    return this.child.call('mine', { count })
  }

  /** Notifies a Subtree (a random hash unless one is given). */
  subtree(hash?: string): Promise<{ readonly hash: string }> {
    return this.child.call('subtree', hash === undefined ? {} : { hash })
  }

  /** Notifies MiningOn with the best block's hash. */
  miningOn(): Promise<{ readonly hash: string }> {
    return this.child.call('miningOn')
  }

  /** Reports a rejected transaction to the validator's subscribers (a random id unless given). */
  reject(reason: string, txId?: string): Promise<{ readonly txId: string }> {
    return this.child.call('reject', txId === undefined ? { reason } : { txId, reason })
  }

  /**
   * Sends exactly this blockchain notification (hash as display hex, of any length) and says how
   * many subscriptions it went to.
   */
  notify(notification: {
    readonly type: RawNotificationType
    readonly hash: string
    readonly baseUrl?: string
  }): Promise<{ readonly delivered: number }> {
    return this.child.call('notify', notification)
  }

  /** Stores a header record look-ups will answer with; `best` also makes it the best header. */
  putHeader(record: HeaderToStore): Promise<{ readonly hash: string }> {
    const { header, txCount, sizeInBytes, ...rest } = record
    return this.child.call('putHeader', {
      ...rest,
      header: typeof header === 'string' ? header : Buffer.from(header).toString('hex'),
      // As text: JSON numbers lose uint64 values past 2^53.
      txCount: String(txCount),
      sizeInBytes: String(sizeInBytes),
    })
  }

  /** Every BlockFound and SubtreeFound received so far, failed and held ones included. */
  received(): Promise<ReceivedCalls> {
    return this.child.call('received')
  }

  /** The Subscribe streams open now. */
  subscribers(): Promise<Subscriptions> {
    return this.child.call('subscribers')
  }

  /**
   * The next `count` BlockFound/SubtreeFound calls fail with `code` (default UNAVAILABLE);
   * without a count every call fails until `failValidation({ count: 0 })`.
   */
  async failValidation(options: { readonly code?: GrpcCodeName; readonly count?: number } = {}) {
    await this.child.call('failValidation', options)
  }

  /** BlockFound/SubtreeFound calls are taken but left unanswered until `releaseValidation`. */
  async holdValidation(): Promise<void> {
    await this.child.call('holdValidation')
  }

  async releaseValidation(): Promise<void> {
    await this.child.call('releaseValidation')
  }

  /** Graceful stop (open streams end, servers drain); resolves with the exit code. */
  override async stop(): Promise<number | null> {
    if (!this.child.running) return this.child.exited
    // The program may exit before its answer is out; the exit code is what tells.
    await this.child.call('stop', {}, 5_000).catch(() => undefined)
    return super.stop()
  }
}

export function startRefServices(options: RefServicesOptions = {}): Promise<RefServices> {
  return RefServices.start(options)
}
