// A bare libp2p 3 node for the gossip baseline, run as a child process of the harness.
// First import: the Node 20 shims (and our PSK protector), exactly as the service loads them.
import '@p2p/libp2p-network'
import { generateKeyPair } from '@libp2p/crypto/keys'
import type { Message } from '@libp2p/gossipsub'
import { multiaddr } from '@multiformats/multiaddr'
import { serveParent } from '../lib/ipc.js'
import { pace } from '../lib/pacer.js'
import { Samples } from '../lib/stats.js'
import { until, wallNow } from '../lib/time.js'
import { createBareNode } from './bare-config.js'
import { BENCH_TOPIC_NAMES } from './constants.js'
import { makePayload, readPayload } from './payload.js'

const TOPIC = BENCH_TOPIC_NAMES.subtree
const { node, source } = await createBareNode(await generateKeyPair('Ed25519'))
await node.start()
const pubsub = node.services.pubsub
for (const topic of Object.values(BENCH_TOPIC_NAMES)) pubsub.subscribe(topic)

// What this node received in the current run.
let run = 0
let seen = new Set<number>()
let duplicates = 0
let latencies = new Samples()
let firstArrivalMs = 0
let lastArrivalMs = 0

pubsub.addEventListener('message', (event: CustomEvent<Message>) => {
  const message = event.detail
  if (message.topic !== TOPIC || message.type !== 'signed' || message.from.equals(node.peerId)) return
  const arrived = wallNow()
  const header = readPayload(message.data)
  if (header.run !== run) return
  if (seen.has(header.seq)) {
    duplicates++
    return
  }
  seen.add(header.seq)
  latencies.push(arrived - header.sentAtMs)
  if (firstArrivalMs === 0) firstArrivalMs = arrived
  lastArrivalMs = arrived
})

serveParent(
  {
    dial: async ({ addresses }: { addresses: string[] }) => {
      for (const address of addresses) await node.dial(multiaddr(address))
    },
    waitForTopicPeers: async ({ count, timeoutMs }: { count: number; timeoutMs: number }) =>
      until(() => pubsub.getSubscribers(TOPIC).length >= count, `${count} topic peers`, timeoutMs),
    reset: ({ run: next }: { run: number }) => {
      run = next
      seen = new Set()
      duplicates = 0
      latencies = new Samples()
      firstArrivalMs = 0
      lastArrivalMs = 0
    },
    send: async (p: { run: number; rate: number; durationMs: number; maxInFlight: number }) => {
      const startWallMs = wallNow()
      const result = await pace({
        rate: p.rate,
        durationMs: p.durationMs,
        maxInFlight: p.maxInFlight,
        send: (seq) => pubsub.publish(TOPIC, makePayload({ seq, run: p.run, sentAtMs: wallNow() })),
      })
      return { ...result, startWallMs, endWallMs: startWallMs + (result.endMs - result.startMs) }
    },
    count: () => seen.size,
    report: () => ({
      unique: seen.size,
      duplicates,
      latencies: latencies.values().slice(),
      firstArrivalMs,
      lastArrivalMs,
    }),
    stop: () => node.stop(),
  },
  { peerId: node.peerId.toString(), addresses: node.getMultiaddrs().map((a) => a.toString()), source },
)
