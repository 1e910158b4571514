import { GoProgramDriver, launchGoProgram } from './go-program-driver.js'
import type { JsonLinesChild } from './json-lines-child.js'

/** The four gossip kinds of the teranode profile; each is also its topic's suffix. */
export const MSG_BUS_KINDS = ['block', 'subtree', 'node_status', 'rejected_tx'] as const
export type MsgBusKind = (typeof MSG_BUS_KINDS)[number]

export interface MsgBusPeerOptions {
  /** Client name, sent as every envelope's `name` (default `msgbuspeer`). */
  readonly name?: string
  /** Topics are `teranode/bitcoin/1.0.0/<network>-<kind>` (default `regtest`). */
  readonly network?: string
  /** Listen multiaddrs (default `/ip4/127.0.0.1/tcp/0`). */
  readonly listen?: readonly string[]
  /** Hex of a raw 64-byte Ed25519 key (as Teranode's p2p_private_key) or a libp2p protobuf key. */
  readonly key?: string
  /** Multiaddrs with /p2p/<id>: dialled, redialled, and gossipsub direct peers. */
  readonly staticPeers?: readonly string[]
  readonly bootstrapPeers?: readonly string[]
  /** Identify's protocol version (default `/teranode/bitcoin/<network>/1.0.0`). */
  readonly protocolVersion?: string
  /** `false` installs the bus's gater, which refuses loopback too (default true). */
  readonly allowPrivateIps?: boolean
  readonly peerScoring?: boolean
  readonly peerExchange?: boolean
  /** Only messages signed by these (and us, and static peers) are accepted; all when absent. */
  readonly allowedPublishers?: readonly string[]
  /** Address-exchange period; 0 never asks (default 15000). */
  readonly addrExchangeIntervalMs?: number
  readonly minConnections?: number
  readonly maxConnections?: number
  readonly connectionGraceMs?: number
  /** Received messages kept (default 100000). */
  readonly recordLimit?: number
  /** Print the bus's debug lines on stderr. */
  readonly debug?: boolean
  /** Appended to the command line as they are. */
  readonly extraArgs?: readonly string[]
  readonly env?: Readonly<Record<string, string>>
  /** Called with each stderr line. */
  readonly onLog?: (line: string) => void
  readonly readyTimeoutMs?: number
}

export interface MsgBusPeerReady {
  readonly peerId: string
  /** Listen addresses with /p2p/<id>. */
  readonly addresses: readonly string[]
  /** Full topic name of each kind. */
  readonly topics: Readonly<Record<MsgBusKind, string>>
  readonly name: string
  readonly protocolVersion: string
}

export interface MsgBusPeerConnection {
  readonly peerId: string
  readonly addresses: readonly string[]
  readonly direction: 'inbound' | 'outbound'
  readonly agentVersion?: string
  readonly protocolVersion?: string
  readonly protocols?: readonly string[]
  /** The last envelope name the peer used; `unknown` before its first message. */
  readonly name: string
}

type PerKind = Readonly<Record<MsgBusKind, readonly string[]>>

export interface MsgBusTopicPeers {
  readonly peers: PerKind
  readonly mesh: PerKind
  /** Direct peers (static and bootstrap) on the topic: never grafted, sent everything. */
  readonly direct: PerKind
}

/** A delivered message, with what a bus node and Teranode's Go structs make of its bytes. */
export interface MsgBusReceived {
  readonly seq: number
  readonly kind: MsgBusKind
  readonly topic: string
  /** The signed author. */
  readonly from: string
  /** The neighbour that forwarded it. */
  readonly receivedFrom: string
  /** The envelope name as the bus hands it on (sanitized), and as it was sent. */
  readonly name: string
  readonly rawName: string
  readonly envelope: Uint8Array
  /** Byte for byte what the bus would publish for the same name and data. */
  readonly envelopeEqual: boolean
  readonly envelopeReencoded?: Uint8Array
  readonly inner: Uint8Array
  /** `inner` as UTF-8 text. */
  readonly text: string
  readonly innerReencoded?: Uint8Array
  /** Teranode's Go struct for the kind re-encodes the inner bytes unchanged; absent if they did not decode. */
  readonly innerEqual?: boolean
  readonly innerError?: string
  readonly receivedAtMs: number
}

/** An envelope the bus would count as malformed. */
export interface MsgBusMalformed {
  readonly seq: number
  readonly topic: string
  readonly from: string
  /** The author's running malformed count; `skipped` once the bus starts ignoring it. */
  readonly count: number
  readonly skipped: boolean
  readonly error: string
  readonly data: string
  readonly receivedAtMs: number
}

export interface MsgBusLogLine {
  readonly seq: number
  readonly level: 'WARN' | 'ERROR' | 'INFO' | 'DEBUG'
  readonly text: string
  /** One of the bus's malformed-message or skip-peer lines. */
  readonly malformed?: boolean
  readonly atMs: number
}

export interface MsgBusStats {
  readonly received: Readonly<Partial<Record<MsgBusKind, number>>>
  readonly dropped: number
  readonly malformed: number
}

/**
 * What to publish, most specific first: `raw` gossip bytes with no envelope, `inner` bytes the
 * bus wraps, or `message` fields of the kind's Go struct (identity fields default to ours).
 */
export interface MsgBusPublishInput {
  readonly message?: Readonly<Record<string, unknown>>
  readonly inner?: Uint8Array | string
  readonly raw?: Uint8Array | string
  /** Overrides the envelope name for this message only. */
  readonly name?: string
  /** `true` for a fresh foreign peer id, or an id, written into the inner peer id while we sign. */
  readonly spoofPeerId?: boolean | string
}

export interface MsgBusPublished {
  readonly topic: string
  readonly envelope: Uint8Array
  readonly inner?: Uint8Array
  /** The peer id the inner payload names. */
  readonly peerId?: string
}

interface WireReceived
  extends Omit<MsgBusReceived, 'envelope' | 'envelopeReencoded' | 'inner' | 'text' | 'innerReencoded'> {
  readonly envelope: string
  readonly envelopeReencoded?: string
  readonly inner?: string
  readonly innerReencoded?: string
}

const textDecoder = new TextDecoder()
const fromBase64 = (text: string | undefined): Uint8Array => new Uint8Array(Buffer.from(text ?? '', 'base64'))
const toBase64 = (data: Uint8Array | string): string =>
  typeof data === 'string'
    ? Buffer.from(data, 'utf8').toString('base64')
    : Buffer.from(data).toString('base64')

function toArgs(o: MsgBusPeerOptions): string[] {
  const args: string[] = []
  const flag = (name: string, value: string | number | boolean | undefined) => {
    // `-name=value` always: Go's flag package reads a boolean only in that form.
    if (value !== undefined) args.push(`-${name}=${String(value)}`)
  }
  const list = (name: string, values: readonly string[] | undefined) => {
    if (values !== undefined && values.length > 0) flag(name, values.join('|'))
  }
  flag('name', o.name)
  flag('network', o.network)
  list('listen', o.listen)
  flag('key', o.key)
  list('static-peers', o.staticPeers)
  list('bootstrap-peers', o.bootstrapPeers)
  flag('protocol-version', o.protocolVersion)
  flag('allow-private-ips', o.allowPrivateIps)
  flag('peer-scoring', o.peerScoring)
  flag('peer-exchange', o.peerExchange)
  list('allowed-publishers', o.allowedPublishers)
  if (o.addrExchangeIntervalMs !== undefined) flag('addr-exchange-interval', `${o.addrExchangeIntervalMs}ms`)
  flag('min-connections', o.minConnections)
  flag('max-connections', o.maxConnections)
  if (o.connectionGraceMs !== undefined) flag('connection-grace', `${o.connectionGraceMs}ms`)
  flag('record-limit', o.recordLimit)
  flag('debug', o.debug)
  if (o.extraArgs !== undefined) args.push(...o.extraArgs)
  return args
}

/**
 * A Teranode peer of the `teranode` wire profile (interop/cmd/msgbuspeer: go-p2p-message-bus's
 * wire behaviour on go-libp2p and go-libp2p-pubsub), driven over its control channel.
 */
export class MsgBusPeer extends GoProgramDriver<MsgBusPeerReady> {
  private constructor(
    child: JsonLinesChild<MsgBusPeerReady>,
    readonly ready: MsgBusPeerReady,
  ) {
    super(child)
  }

  static async start(options: MsgBusPeerOptions = {}): Promise<MsgBusPeer> {
    const launched = await launchGoProgram<MsgBusPeerReady>(
      'msgbuspeer',
      options.name ?? 'msgbuspeer',
      toArgs(options),
      options,
    )
    return new MsgBusPeer(launched.child, launched.ready)
  }

  get peerId(): string {
    return this.ready.peerId
  }

  /** The first loopback TCP address with /p2p/<id>. */
  get tcpAddress(): string {
    return this.ready.addresses.find((a) => a.includes('/tcp/')) ?? (this.ready.addresses[0] as string)
  }

  get topics(): Readonly<Record<MsgBusKind, string>> {
    return this.ready.topics
  }

  /** The bus's Connect: one dial (15 s at most), not redialled; rejects with go-libp2p's error. */
  async connect(address: string): Promise<string> {
    return (await this.child.call<{ peerId: string }>('connect', { address })).peerId
  }

  async disconnect(peerId: string): Promise<void> {
    await this.child.call('disconnect', { peerId })
  }

  async peers(): Promise<MsgBusPeerConnection[]> {
    return (await this.child.call<MsgBusPeerConnection[] | null>('peers')) ?? []
  }

  async connectedPeerIds(): Promise<string[]> {
    return (await this.peers()).map((p) => p.peerId)
  }

  topicPeers(): Promise<MsgBusTopicPeers> {
    return this.child.call<MsgBusTopicPeers>('topicPeers')
  }

  /**
   * Resolves once every kind given (all four by default) has `count` topic peers, or with `mesh`
   * that many peers a publication reaches at once (mesh or direct); rejects at the deadline.
   */
  async waitForTopicPeers(
    options: { kinds?: readonly MsgBusKind[]; count?: number; mesh?: boolean; timeoutMs?: number } = {},
  ): Promise<void> {
    const timeoutMs = options.timeoutMs ?? 30_000
    await this.child.call('waitForTopicPeers', { ...options, timeoutMs }, timeoutMs + 5_000)
  }

  /** Publishes on the kind's topic; resolves with what went out. */
  async publish(kind: MsgBusKind, input: MsgBusPublishInput = {}): Promise<MsgBusPublished> {
    const params: Record<string, unknown> = { kind }
    if (input.message !== undefined) params.message = input.message
    if (input.inner !== undefined) params.inner = toBase64(input.inner)
    if (input.raw !== undefined) params.raw = toBase64(input.raw)
    if (input.name !== undefined) params.name = input.name
    if (input.spoofPeerId !== undefined) params.spoofPeerId = input.spoofPeerId
    const result = await this.child.call<{
      topic: string
      envelope: string
      inner?: string
      peerId?: string
    }>('publish', params)
    return {
      topic: result.topic,
      envelope: fromBase64(result.envelope),
      ...(result.inner === undefined ? {} : { inner: fromBase64(result.inner) }),
      ...(result.peerId === undefined || result.peerId === '' ? {} : { peerId: result.peerId }),
    }
  }

  /** Messages from other peers with seq > `since` (all when absent), of one kind when given. */
  async received(
    filter: { readonly since?: number; readonly kind?: MsgBusKind } = {},
  ): Promise<MsgBusReceived[]> {
    const records = (await this.child.call<WireReceived[] | null>('received', filter)) ?? []
    return records.map(({ envelope, envelopeReencoded, inner, innerReencoded, ...rest }) => {
      const innerBytes = fromBase64(inner)
      return {
        ...rest,
        envelope: fromBase64(envelope),
        inner: innerBytes,
        text: textDecoder.decode(innerBytes),
        ...(envelopeReencoded === undefined ? {} : { envelopeReencoded: fromBase64(envelopeReencoded) }),
        ...(innerReencoded === undefined ? {} : { innerReencoded: fromBase64(innerReencoded) }),
      }
    })
  }

  /** Envelopes the bus would have counted as malformed; empty on a clean run. */
  async malformed(since?: number): Promise<MsgBusMalformed[]> {
    return (
      (await this.child.call<MsgBusMalformed[] | null>('malformed', since === undefined ? {} : { since })) ??
      []
    )
  }

  /** The kept warn and error lines, or with `malformed` only the bus's malformed-message lines. */
  async logs(
    options: { readonly since?: number; readonly malformed?: boolean } = {},
  ): Promise<MsgBusLogLine[]> {
    return (await this.child.call<MsgBusLogLine[] | null>('logs', options)) ?? []
  }

  stats(): Promise<MsgBusStats> {
    return this.child.call<MsgBusStats>('stats')
  }

  /** One address request to a connected peer about `target`: the raw reply and the parsed list. */
  askAddrs(params: {
    readonly peerId: string
    readonly target: string
    readonly protocol?: string
  }): Promise<{ readonly protocol: string; readonly raw: string; readonly addrs: readonly string[] }> {
    return this.child.call('askAddrs', params)
  }

  /** Any control method, for what the typed ones do not cover. */
  call<T = unknown>(method: string, params: unknown = {}, timeoutMs?: number): Promise<T> {
    return this.child.call<T>(method, params, timeoutMs)
  }
}

/** Starts a message-bus peer and waits for its ready line. */
export function startMsgBusPeer(options: MsgBusPeerOptions = {}): Promise<MsgBusPeer> {
  return MsgBusPeer.start(options)
}
