// First: libp2p's modules need Promise.withResolvers, which Node 20 lacks.
import '../src/shims/node20.js'
import { noise } from '@chainsafe/libp2p-noise'
import { yamux } from '@chainsafe/libp2p-yamux'
import { generateKeyPair } from '@libp2p/crypto/keys'
import { identify } from '@libp2p/identify'
import type { Libp2p, PeerId } from '@libp2p/interface'
import { peerIdFromPrivateKey, peerIdFromString } from '@libp2p/peer-id'
import { tcp } from '@libp2p/tcp'
import { multiaddr } from '@multiformats/multiaddr'
import type { Logger } from '@p2p/domain'
import { MemoryLogger, waitFor } from '@p2p/testkit'
import { createLibp2p } from 'libp2p'
import { AddressAsker } from '../src/exchange/address-asker.js'
import {
  AddressExchangeLoop,
  type AddressExchangeLoopOptions,
} from '../src/exchange/address-exchange-loop.js'
import {
  AddressExchangeServer,
  type AddressExchangeServerOptions,
} from '../src/exchange/address-exchange-server.js'
import { libp2pExchangeHost } from '../src/exchange/libp2p-exchange-host.js'
import { readMessage } from '../src/util/stream-message.js'

/** A node with the address exchange and nothing else of ours: no gossipsub, no DHT. */
export interface ExchangeNode {
  readonly node: Libp2p
  readonly id: string
  readonly server: AddressExchangeServer
  readonly asker: AddressAsker
  readonly loop: AddressExchangeLoop
  readonly logger: MemoryLogger
  /** The TCP listen address with /p2p/<id>. */
  readonly address: string
}

export interface ExchangeNodeOptions {
  readonly server?: Partial<AddressExchangeServerOptions>
  readonly loop?: AddressExchangeLoopOptions
}

/** Owns the nodes a test makes, so one cleanup stops them all. */
export class ExchangeFleet {
  private readonly made: ExchangeNode[] = []

  async create(options: ExchangeNodeOptions = {}): Promise<ExchangeNode> {
    const node = await createLibp2p({
      privateKey: await generateKeyPair('Ed25519'),
      addresses: { listen: ['/ip4/127.0.0.1/tcp/0'] },
      transports: [tcp()],
      connectionEncrypters: [noise()],
      streamMuxers: [yamux()],
      services: { identify: identify() },
    })
    const logger = new MemoryLogger()
    const server = new AddressExchangeServer(
      { node, logger: logger as Logger },
      { sharePrivateAddresses: true, ...options.server },
    )
    const asker = new AddressAsker({ node })
    const loop = new AddressExchangeLoop(
      { host: libp2pExchangeHost(node, asker), logger: logger as Logger },
      options.loop,
    )
    await server.start()
    await node.start()
    const address = node
      .getMultiaddrs()
      .map((a) => a.toString())
      .find((a) => a.includes('/tcp/'))
    if (address === undefined) throw new Error('the node listens on no TCP address')
    const made = { node, id: node.peerId.toString(), server, asker, loop, logger, address }
    this.made.push(made)
    return made
  }

  async cleanup(): Promise<void> {
    await Promise.all(
      this.made.splice(0).map(async ({ node, server, loop }) => {
        loop.stop()
        await server.stop()
        await node.stop()
      }),
    )
  }
}

/** Resolves once `node` has stored a TCP address of `peer` (identify has run). */
export async function untilKnows(node: Libp2p, peer: PeerId | string, timeoutMs = 10_000): Promise<string[]> {
  const id = typeof peer === 'string' ? peerIdFromString(peer) : peer
  return waitFor(
    async () => {
      const found = await node.peerStore.get(id)
      const addresses = found.addresses.map((a) => a.multiaddr.toString()).filter((a) => a.includes('/tcp/'))
      return addresses.length > 0 ? addresses : undefined
    },
    { timeoutMs, what: `a stored TCP address of ${id}` },
  )
}

export interface RawExchange {
  readonly reply?: string
  /** The stream's status once the exchange ended: `reset` when the responder refused it. */
  readonly status: string
}

/**
 * One exchange by hand, on one protocol version: `halfClose` false behaves as a 1.0.0
 * requester, which never half-closes.
 */
export async function rawExchange(
  from: Libp2p,
  to: PeerId,
  protocol: string,
  request: Uint8Array,
  halfClose: boolean,
): Promise<RawExchange> {
  const signal = AbortSignal.timeout(8_000)
  const stream = await from.dialProtocol(to, protocol, { signal })
  stream.send(request)
  if (halfClose) await stream.close({ signal })
  try {
    const bytes = await readMessage(stream, { maxBytes: 8 * 1024, whole: true, signal })
    await stream.close({ signal })
    return { reply: new TextDecoder().decode(bytes), status: stream.status }
  } catch {
    return { status: stream.status }
  }
}

/** Dials a multiaddr given as text (with /p2p/<id>). */
export async function dialAddress(node: Libp2p, address: string): Promise<void> {
  await node.dial(multiaddr(address))
}

/** A fresh peer id that no node has heard of. */
export async function strangerId(): Promise<string> {
  return peerIdFromPrivateKey(await generateKeyPair('Ed25519')).toString()
}
