import { randomBytes } from 'node:crypto'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { generateKeyPair } from '@libp2p/crypto/keys'
import type { Stream } from '@libp2p/interface'
import { type Multiaddr, multiaddr } from '@multiformats/multiaddr'
import { waitFor } from '@p2p/testkit'
import { afterEach, describe, expect, it } from 'vitest'
import { type Libp2pPeerNetworkOptions, parseNetworkConfig } from '../src/config/network-config.js'
import { createNode, type Libp2pNode } from '../src/node/create-node.js'
import { testConfig } from './network-harness.js'

/** 5,000 is already 78 times the per-peer cap; `pnpm flood` (FLOOD=full) sends the 20,000 of the docs. */
const RECORDS = process.env.FLOOD === 'full' ? 20_000 : 5_000
const PER_STREAM = 1_000
const MiB = 1024 * 1024

/** A varint, as protobuf and the DHT's length prefixes write it. */
function varint(value: number): number[] {
  const bytes: number[] = []
  let rest = value
  while (rest >= 0x80) {
    bytes.push((rest & 0x7f) | 0x80)
    rest >>>= 7
  }
  bytes.push(rest)
  return bytes
}

const field = (tag: number, payload: Uint8Array) => [...varint(tag), ...varint(payload.length), ...payload]

/** One length-prefixed DHT message: ADD_PROVIDER (2) of a random CID by `provider`, or PING (5). */
function addProvider(provider: Uint8Array, address: Uint8Array): Uint8Array {
  // CIDv1, raw codec, sha2-256 of nothing in particular: a rendezvous nobody uses.
  const cid = Uint8Array.from([0x01, 0x55, 0x12, 0x20, ...randomBytes(32)])
  const peerInfo = Uint8Array.from([...field(0x0a, provider), ...field(0x12, address)])
  const message = Uint8Array.from([0x08, 0x02, ...field(0x12, cid), ...field(0x4a, peerInfo)])
  return Uint8Array.from([...varint(message.length), ...message])
}
const PING = Uint8Array.from([2, 0x08, 0x05])

function collector(): () => void {
  setFlagsFromString('--expose-gc')
  return runInNewContext('gc') as () => void
}

/** Provider records in the node's datastore, read below the DHT (and below any bound on it). */
async function providerRecords(node: Libp2pNode): Promise<number> {
  const { datastore } = (node as unknown as { components: { datastore: DatastoreQuery } }).components
  let count = 0
  for await (const _ of datastore.query({ prefix: '/dht/provider' })) count++
  return count
}
interface DatastoreQuery {
  query(query: { prefix: string }): AsyncIterable<unknown>
}

/** Writes `messages` then a PING, and resolves once the PING is answered: all were handled. */
async function sendAll(stream: Stream, messages: readonly Uint8Array[]): Promise<void> {
  const answered = new Promise<void>((resolve, reject) => {
    stream.addEventListener('message', () => resolve(), { once: true })
    stream.addEventListener(
      'close',
      (event) => reject(event.error ?? new Error('closed before the ping answer')),
      {
        once: true,
      },
    )
  })
  for (const message of [...messages, PING]) {
    if (!stream.send(message)) await stream.onDrain()
  }
  await answered
  await stream.close()
}

describe('DHT provider records from one peer', () => {
  const nodes: Libp2pNode[] = []
  afterEach(async () => {
    await Promise.all(nodes.splice(0).map((node) => node.stop()))
  })

  async function node(overrides: Partial<Libp2pPeerNetworkOptions> = {}) {
    const made = await createNode(parseNetworkConfig(testConfig(overrides)), {
      privateKey: await generateKeyPair('Ed25519'),
    })
    nodes.push(made)
    await made.start()
    return made
  }

  async function flood(victim: Libp2pNode, attacker: Libp2pNode, protocol: string): Promise<void> {
    const provider = attacker.peerId.toMultihash().bytes
    const address = attacker.getMultiaddrs()[0]?.bytes ?? new Uint8Array()
    for (let sent = 0; sent < RECORDS; sent += PER_STREAM) {
      const messages = Array.from({ length: PER_STREAM }, () => addProvider(provider, address))
      const victimAddress = victim.getMultiaddrs()[0]
      if (victimAddress === undefined) throw new Error('the victim has no address')
      await sendAll(await attacker.dialProtocol(victimAddress, protocol), messages)
    }
  }

  async function measure(victim: Libp2pNode, attacker: Libp2pNode, protocol: string, mode: string) {
    const gc = collector()
    gc()
    const heapBefore = process.memoryUsage().heapUsed
    await flood(victim, attacker, protocol)
    const stored = await providerRecords(victim)
    gc()
    const heapAfter = process.memoryUsage().heapUsed
    await attacker.stop()
    gc()
    const heapAfterLeft = process.memoryUsage().heapUsed
    const figures = {
      mode,
      sent: RECORDS,
      stored,
      heapMiB: +((heapAfter - heapBefore) / MiB).toFixed(1),
      heapAfterPeerLeftMiB: +((heapAfterLeft - heapBefore) / MiB).toFixed(1),
    }
    console.log('dht provider flood', JSON.stringify(figures))
    return figures
  }

  it(`private mode: ${RECORDS} ADD_PROVIDERs keep at most the per-peer cap`, async () => {
    const victim = await node()
    const attacker = await node()
    const figures = await measure(victim, attacker, '/ubsv/kad/1.0.0', 'private')
    expect(figures.stored).toBeLessThanOrEqual(parseNetworkConfig(testConfig()).dhtMaxProviderRecordsPerPeer)
  }, 120_000)

  it('public mode: a node that becomes a DHT server is bounded the same way', async () => {
    const victim = await node({ privateNetwork: undefined })
    const attacker = await node({ privateNetwork: undefined })
    // On 127.0.0.1 a public node stays a DHT client (nothing to flood). With a public address of
    // its own (a port mapping, identify, autoNAT) it turns server by itself: give it one (a
    // documentation range would count as private; nobody dials it here).
    const port = Number(/\/tcp\/(\d+)/.exec(victim.getMultiaddrs()[0]?.toString() ?? '')?.[1])
    const { addressManager } = (victim as unknown as { components: { addressManager: AddressMapping } })
      .components
    addressManager.addPublicAddressMapping('127.0.0.1', port, '8.8.8.8', port)
    addressManager.confirmObservedAddr(multiaddr(`/ip4/8.8.8.8/tcp/${port}`), { type: 'ip-mapping' })
    const dht = (victim.services as unknown as { dht: DhtMode }).dht
    await waitFor(() => dht.getMode() === 'server', { what: 'the public DHT to turn server by itself' })
    const figures = await measure(victim, attacker, '/ipfs/kad/1.0.0', 'public')
    expect(figures.stored).toBeLessThanOrEqual(parseNetworkConfig(testConfig()).dhtMaxProviderRecordsPerPeer)
    expect(dht.getMode()).toBe('server')
  }, 120_000)
})

interface DhtMode {
  getMode(): 'client' | 'server'
}
interface AddressMapping {
  addPublicAddressMapping(
    internalIp: string,
    internalPort: number,
    externalIp: string,
    externalPort: number,
  ): void
  confirmObservedAddr(address: Multiaddr, options: { type: 'ip-mapping' }): void
}
