// N Libp2pPeerNetwork instances in this one process (a child of the harness), all bootstrapping
// from the first: how long until every topic's mesh spans them all, then how fast blocks spread.
import '@p2p/libp2p-network'
import { generateKeyPair } from '@libp2p/crypto/keys'
import {
  type GossipVerdict,
  type Hash,
  type InboundGossip,
  type PeerNetworkListener,
  SPEC2024_KINDS,
} from '@p2p/domain'
import { Libp2pPeerNetwork } from '@p2p/libp2p-network'
import { CountingLogger } from '@p2p/memory-ports'
import { BENCH_SHARED_KEY, BENCH_TOPIC_NAMES } from '../gossip/constants.js'
import { serveParent } from '../lib/ipc.js'
import { readProc } from '../lib/proc-stats.js'
import { summarize } from '../lib/stats.js'
import { sleep } from '../lib/time.js'
import { meshState } from './mesh-state.js'

/** Notes when each block (by hash) reached this node. */
class ArrivalListener implements PeerNetworkListener {
  readonly arrivals = new Map<string, number>()
  gossip(message: InboundGossip): GossipVerdict {
    if (message.kind === 'block') {
      const text = Buffer.from(message.data).toString('utf8')
      const at = text.indexOf('"Hash":"')
      if (at >= 0) this.arrivals.set(text.slice(at + 8, at + 72), performance.now())
    }
    return 'accept'
  }
  afterVerdicts(): void {}
  direct(): void {}
  topicPeerJoined(): void {}
}

const networks: Libp2pPeerNetwork[] = []
const logger = new CountingLogger()

async function createNetwork(bootstrap: string[]) {
  const listener = new ArrivalListener()
  const network = new Libp2pPeerNetwork(
    { privateKey: await generateKeyPair('Ed25519'), logger },
    {
      listen: { ip: '127.0.0.1', port: 0 },
      topicNames: BENCH_TOPIC_NAMES,
      privateNetwork: { sharedKey: BENCH_SHARED_KEY },
      bootstrapAddresses: bootstrap,
    },
  )
  network.setListener(listener)
  networks.push(network)
  return { network, listener }
}

const randomHash = () =>
  Array.from(crypto.getRandomValues(new Uint8Array(32)), (b) => b.toString(16).padStart(2, '0')).join(
    '',
  ) as Hash

async function run({ size, blocks, meshTimeoutMs }: { size: number; blocks: number; meshTimeoutMs: number }) {
  const first = await createNetwork([])
  await first.network.start()
  const address = first.network.addresses().find((a) => a.includes('/tcp/') && !a.includes('/ws')) as string
  const nodes = [first]
  for (let i = 1; i < size; i++) nodes.push(await createNetwork([address]))
  const started = performance.now()
  await Promise.all(nodes.slice(1).map((n) => n.network.start()))
  const startedMs = performance.now() - started
  let spanningMs: number | undefined
  let healthyMs: number | undefined
  const dlo = Math.min(2, size - 1)
  // Once a second: how the mesh and the connections grow (why the mesh takes the time it takes).
  const timeline: Array<{ s: number; minMesh: number; conns: number; spanning: boolean }> = []
  while (
    performance.now() - started < meshTimeoutMs &&
    (spanningMs === undefined || healthyMs === undefined)
  ) {
    const state = meshState(
      nodes.map((n) => n.network),
      SPEC2024_KINDS,
      dlo,
    )
    const now = performance.now() - started
    if (state.spanning && spanningMs === undefined) spanningMs = now
    if (state.healthy && healthyMs === undefined) healthyMs = now
    if (now >= timeline.length * 1_000)
      timeline.push({
        s: timeline.length,
        minMesh: state.minDegree,
        conns: state.meanConnections,
        spanning: state.spanning,
      })
    await sleep(50)
  }
  const final = meshState(
    nodes.map((n) => n.network),
    SPEC2024_KINDS,
    dlo,
  )
  // Propagation: one block at a time, from a different node each time.
  const perReceiver: number[] = []
  const toAll: number[] = []
  let missing = 0
  for (let b = 0; b < blocks; b++) {
    const origin = nodes[(b * 7 + 1) % size] as (typeof nodes)[number]
    const hash = randomHash()
    const sentAt = performance.now()
    await origin.network.publish('block', {
      hash,
      height: b + 1,
      dataHubUrl: 'http://scale.bench.example:8090/api/v1',
      peerId: origin.network.peerId,
    })
    const others = nodes.filter((n) => n !== origin)
    const deadline = performance.now() + 5_000
    while (performance.now() < deadline && others.some((n) => !n.listener.arrivals.has(hash))) await sleep(2)
    let last = 0
    for (const n of others) {
      const at = n.listener.arrivals.get(hash)
      if (at === undefined) {
        missing++
        continue
      }
      perReceiver.push(at - sentAt)
      last = Math.max(last, at - sentAt)
    }
    toAll.push(last)
    await sleep(100)
  }
  return {
    size,
    startMs: startedMs,
    spanningMs: spanningMs ?? null,
    healthyMs: healthyMs ?? null,
    minMeshDegree: final.minDegree,
    maxMeshDegree: final.maxDegree,
    connectionsPerNode: final.meanConnections,
    propagation: summarize(perReceiver),
    toAll: summarize(toAll),
    toAllSeries: toAll.map((ms) => Math.round(ms)),
    timeline,
    blocks,
    missing,
    rssMb: readProc(process.pid)?.rssMb ?? Number.NaN,
    warnings: logger.problems,
    firstWarnings: logger.firstProblems,
    logCounts: logger.topMessages(),
  }
}

serveParent(
  {
    run,
    stop: () => Promise.all(networks.map((n) => n.stop())),
  },
  { pid: process.pid },
)
