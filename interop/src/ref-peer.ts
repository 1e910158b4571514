import { GoProgramDriver, launchGoProgram } from './go-program-driver.js'
import type { JsonLinesChild } from './json-lines-child.js'

/** The five spec-era gossip topics, by the names the control channel uses. */
export const REF_PEER_KINDS = ['bestBlock', 'block', 'subtree', 'miningOn', 'rejectedTx'] as const
export type RefPeerKind = (typeof REF_PEER_KINDS)[number]
/** A recorded message: a gossip kind, or `direct` for a best-block reply on the direct stream. */
export type RefPeerRecordKind = RefPeerKind | 'direct'

export interface RefPeerOptions {
  /** Shows in errors and log lines. */
  readonly name?: string
  /** Private network key, 64 hex chars; none when absent. */
  readonly psk?: string
  /** Ed25519 identity: hex of the 64-byte raw key (seed then public key); generated when absent. */
  readonly key?: string
  /** Multiaddrs with /p2p/<id>, connected to first and used to seed the DHT. */
  readonly bootstrap?: readonly string[]
  /** Listen multiaddrs (default `/ip4/127.0.0.1/tcp/0`). */
  readonly listen?: readonly string[]
  /** Topic prefix (default `github.com/bitcoin-sv/ubsv`). */
  readonly topicPrefix?: string
  /** Kademlia DHT and rendezvous discovery (default on). */
  readonly dht?: boolean
  /** DHT protocol prefix (default `/ubsv`). */
  readonly dhtPrefix?: string
  /** Direct best-block stream protocol (default `ubsv/bitcoin/1.0.0`). */
  readonly directProtocol?: string
  /** Advertise/find period of the discovery (default 5000). */
  readonly discoveryIntervalMs?: number
  /** Subtree messages are benchmark payloads, counted by the bench methods and not recorded. */
  readonly bench?: boolean
  /**
   * Our own messages go to every topic peer instead of the mesh only. Off by default, as in
   * go-libp2p-pubsub and so in the reference: a message published before the mesh has formed can
   * then miss a peer (wait for `topicPeers().mesh` first).
   */
  readonly floodPublish?: boolean
  /**
   * Gossipsub RPCs queued per peer, and messages waiting for validation, before go-libp2p-pubsub
   * drops them (both 32 by default, as in the reference). Unpaced publishing overflows the
   * defaults and loses most messages; raise both to measure the library without that.
   */
  readonly outboundQueue?: number
  readonly validateQueue?: number
  /** Received messages kept (default 100000). */
  readonly recordLimit?: number
  /** DataHubUrl of the default best block. */
  readonly dataHubUrl?: string
  /** Appended to the command line as they are. */
  readonly extraArgs?: readonly string[]
  /** Extra environment, e.g. `GOLOG_LOG_LEVEL` for go-libp2p's own logs. */
  readonly env?: Readonly<Record<string, string>>
  /** Called with each stderr line. */
  readonly onLog?: (line: string) => void
  readonly readyTimeoutMs?: number
}

export interface RefPeerReady {
  readonly peerId: string
  /** Listen addresses with /p2p/<id>. */
  readonly addresses: readonly string[]
  /** Full topic name of each kind. */
  readonly topics: Readonly<Record<RefPeerKind, string>>
}

export interface RefPeerConnection {
  readonly peerId: string
  readonly addresses: readonly string[]
  readonly direction: 'inbound' | 'outbound'
}

export type RefPeerTopicPeers = Readonly<Record<RefPeerKind, readonly string[]>> & {
  /** Our gossipsub mesh per topic (a subset of the topic peers). */
  readonly mesh: Readonly<Record<RefPeerKind, readonly string[]>>
}

export interface RefPeerReceived {
  readonly seq: number
  readonly kind: RefPeerRecordKind
  readonly topic: string
  /** The signed author (gossip) or the remote peer (direct). */
  readonly from: string
  readonly data: Uint8Array
  /** `data` as UTF-8 text. */
  readonly text: string
  readonly receivedAtMs: number
  /** Go's `json.Marshal` of the message decoded into the kind's struct; absent when it did not decode. */
  readonly reencoded?: Uint8Array
  readonly reencodedText?: string
  /** Whether `reencoded` equals `data` byte for byte: the sender encodes exactly like the reference. */
  readonly roundTripEqual?: boolean
  readonly decodeError?: string
}

export interface RefPeerStats {
  readonly received: Readonly<Partial<Record<RefPeerRecordKind, number>>>
  /** Records dropped beyond the record limit (oldest first). */
  readonly dropped: number
}

/** Raw bytes (a string is sent as its UTF-8) or a message object Go decodes into the kind's struct. */
export type RefPeerPublishInput =
  | { readonly data: Uint8Array | string }
  | { readonly message: Readonly<Record<string, unknown>> }

export interface RefPeerBenchSendParams {
  readonly run: number
  /** Messages per second; 0 = as fast as `maxInFlight` allows. */
  readonly rate: number
  readonly durationMs: number
  readonly maxInFlight: number
  /** Payload size (default 1024). */
  readonly size?: number
}

export interface RefPeerBenchSendReport {
  readonly sent: number
  readonly failed: number
  readonly startWallMs: number
  readonly endWallMs: number
  readonly firstError?: string
}

export interface RefPeerBenchReport {
  readonly unique: number
  readonly duplicates: number
  /** Arrival wall ms minus send wall ms, per unique message. */
  readonly latencies: readonly number[]
  readonly firstArrivalMs: number
  readonly lastArrivalMs: number
}

interface WireReceived {
  readonly seq: number
  readonly kind: RefPeerRecordKind
  readonly topic: string
  readonly from: string
  readonly data: string
  readonly receivedAtMs: number
  readonly reencoded?: string
  readonly roundTripEqual?: boolean
  readonly decodeError?: string
}

const textDecoder = new TextDecoder()

function fromBase64(text: string): Uint8Array {
  return new Uint8Array(Buffer.from(text, 'base64'))
}

function toBase64(data: Uint8Array | string): string {
  return typeof data === 'string'
    ? Buffer.from(data, 'utf8').toString('base64')
    : Buffer.from(data).toString('base64')
}

function toArgs(options: RefPeerOptions): string[] {
  const args: string[] = []
  if (options.psk !== undefined) args.push('-psk', options.psk)
  if (options.key !== undefined) args.push('-key', options.key)
  if (options.bootstrap !== undefined && options.bootstrap.length > 0)
    args.push('-bootstrap', options.bootstrap.join('|'))
  if (options.listen !== undefined && options.listen.length > 0)
    args.push('-listen', options.listen.join('|'))
  if (options.topicPrefix !== undefined) args.push('-topic-prefix', options.topicPrefix)
  if (options.dht !== undefined) args.push(`-dht=${String(options.dht)}`)
  if (options.dhtPrefix !== undefined) args.push('-dht-prefix', options.dhtPrefix)
  if (options.directProtocol !== undefined) args.push('-direct-protocol', options.directProtocol)
  if (options.discoveryIntervalMs !== undefined)
    args.push('-discovery-interval', `${options.discoveryIntervalMs}ms`)
  if (options.bench === true) args.push('-bench')
  if (options.floodPublish === true) args.push('-flood-publish')
  if (options.outboundQueue !== undefined) args.push('-outbound-queue', String(options.outboundQueue))
  if (options.validateQueue !== undefined) args.push('-validate-queue', String(options.validateQueue))
  if (options.recordLimit !== undefined) args.push('-record-limit', String(options.recordLimit))
  if (options.dataHubUrl !== undefined) args.push('-data-hub-url', options.dataHubUrl)
  if (options.extraArgs !== undefined) args.push(...options.extraArgs)
  return args
}

/**
 * A spec-era reference peer (interop/cmd/refpeer: go-libp2p, go-libp2p-pubsub, go-libp2p-kad-dht
 * configured like the Go reference), driven over its control channel.
 */
export class RefPeer extends GoProgramDriver<RefPeerReady> {
  private constructor(
    child: JsonLinesChild<RefPeerReady>,
    readonly ready: RefPeerReady,
  ) {
    super(child)
  }

  static async start(options: RefPeerOptions = {}): Promise<RefPeer> {
    const launched = await launchGoProgram<RefPeerReady>(
      'refpeer',
      options.name ?? 'refpeer',
      toArgs(options),
      options,
    )
    return new RefPeer(launched.child, launched.ready)
  }

  get peerId(): string {
    return this.ready.peerId
  }

  get addresses(): readonly string[] {
    return this.ready.addresses
  }

  /** The first TCP listen address, with /p2p/<id>. */
  get tcpAddress(): string {
    const address = this.ready.addresses.find((a) => a.includes('/tcp/'))
    if (address === undefined) throw new Error(`refpeer ${this.peerId} has no TCP address`)
    return address
  }

  get topics(): Readonly<Record<RefPeerKind, string>> {
    return this.ready.topics
  }

  /** Dials a multiaddr with /p2p/<id>; rejects with go-libp2p's error (bounded at 10 s). */
  async connect(address: string): Promise<void> {
    await this.child.call('connect', { address })
  }

  async disconnect(peerId: string): Promise<void> {
    await this.child.call('disconnect', { peerId })
  }

  peers(): Promise<RefPeerConnection[]> {
    return this.child.call<RefPeerConnection[]>('peers')
  }

  /** Peer ids currently connected. */
  async connectedPeerIds(): Promise<string[]> {
    return (await this.peers()).map((p) => p.peerId)
  }

  topicPeers(): Promise<RefPeerTopicPeers> {
    return this.child.call<RefPeerTopicPeers>('topicPeers')
  }

  /** Publishes on the kind's topic; resolves with the bytes that went out. */
  async publish(kind: RefPeerKind, input: RefPeerPublishInput): Promise<Uint8Array> {
    const params = 'data' in input ? { kind, data: toBase64(input.data) } : { kind, message: input.message }
    const result = await this.child.call<{ data: string }>('publish', params)
    return fromBase64(result.data)
  }

  /** Publishes BestBlockMessage{PeerId: own id}; every other peer answers on the direct stream. */
  async requestBestBlock(): Promise<Uint8Array> {
    return fromBase64((await this.child.call<{ data: string }>('requestBestBlock')).data)
  }

  /** The BlockMessage this peer answers best-block requests with; resolves with its encoding. */
  async setBestBlock(message: Readonly<Record<string, unknown>>): Promise<Uint8Array> {
    return fromBase64((await this.child.call<{ data: string }>('setBestBlock', { message })).data)
  }

  async sendDirect(peerId: string, data: Uint8Array | string): Promise<void> {
    await this.child.call('sendDirect', { peerId, data: toBase64(data) })
  }

  /** Messages from other peers with seq > `since` (all when absent), of one kind when given. */
  async received(
    filter: { readonly since?: number; readonly kind?: RefPeerRecordKind } = {},
  ): Promise<RefPeerReceived[]> {
    const records = await this.child.call<WireReceived[]>('received', filter)
    return records.map((r) => {
      const data = fromBase64(r.data)
      const reencoded = r.reencoded === undefined ? undefined : fromBase64(r.reencoded)
      return {
        seq: r.seq,
        kind: r.kind,
        topic: r.topic,
        from: r.from,
        data,
        text: textDecoder.decode(data),
        receivedAtMs: r.receivedAtMs,
        ...(reencoded === undefined ? {} : { reencoded, reencodedText: textDecoder.decode(reencoded) }),
        ...(r.roundTripEqual === undefined ? {} : { roundTripEqual: r.roundTripEqual }),
        ...(r.decodeError === undefined ? {} : { decodeError: r.decodeError }),
      }
    })
  }

  stats(): Promise<RefPeerStats> {
    return this.child.call<RefPeerStats>('stats')
  }

  /** Resolves once gossipsub lists at least `count` peers on the topic (default: subtree). */
  async waitForTopicPeers(
    count: number,
    options: { kind?: RefPeerKind; timeoutMs?: number } = {},
  ): Promise<number> {
    const timeoutMs = options.timeoutMs ?? 30_000
    return this.child.call<number>(
      'waitForTopicPeers',
      { kind: options.kind ?? 'subtree', count, timeoutMs },
      timeoutMs + 5_000,
    )
  }

  /**
   * Peer ids that provide each topic's rendezvous in the DHT now (fresh lookups, in parallel), for
   * every kind or the ones given. A lookup that fails or times out gives an empty list.
   */
  providers(
    options: { readonly kinds?: readonly RefPeerKind[]; readonly timeoutMs?: number } = {},
  ): Promise<Partial<Record<RefPeerKind, string[]>>> {
    const timeoutMs = options.timeoutMs ?? 10_000
    return this.child.call<Partial<Record<RefPeerKind, string[]>>>(
      'providers',
      { ...(options.kinds === undefined ? {} : { kinds: options.kinds }), timeoutMs },
      timeoutMs + 5_000,
    )
  }

  /** Bench mode only: forgets what was received and counts only messages of `run` from now on. */
  async benchReset(run: number): Promise<void> {
    await this.child.call('benchReset', { run })
  }

  /** Bench mode only: publishes bench payloads on the subtree topic, paced like bench/src/lib/pacer.ts. */
  benchSend(params: RefPeerBenchSendParams): Promise<RefPeerBenchSendReport> {
    return this.child.call<RefPeerBenchSendReport>('benchSend', params, params.durationMs + 60_000)
  }

  benchCount(): Promise<number> {
    return this.child.call<number>('benchCount')
  }

  benchReport(): Promise<RefPeerBenchReport> {
    return this.child.call<RefPeerBenchReport>('benchReport')
  }

  /** Any control method, for what the typed ones do not cover. */
  call<T = unknown>(method: string, params: unknown = {}, timeoutMs?: number): Promise<T> {
    return this.child.call<T>(method, params, timeoutMs)
  }

  /** Asks the program to exit through the `stop` method and waits for it. */
  async stopByRequest(): Promise<number | null> {
    await this.child.call('stop')
    return this.child.exited
  }
}

/** Starts a reference peer and waits for its ready line. */
export function startRefPeer(options: RefPeerOptions = {}): Promise<RefPeer> {
  return RefPeer.start(options)
}
