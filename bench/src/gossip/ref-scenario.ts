import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { goProgram, JsonLinesChild } from '@p2p/interop'
import { REPO_ROOT } from '../lib/paths.js'
import { BENCH_SHARED_KEY, BENCH_TOPIC_NAMES, BENCH_TOPIC_PREFIX } from './constants.js'
import type { GossipPlan, GossipRunResult, SendReport } from './gossip-run.js'
import { type NodeReport, runTrio, type TrioNode } from './trio.js'

interface RefReady {
  readonly peerId: string
  readonly addresses: readonly string[]
  readonly topics: Readonly<Record<string, string>>
}

/** Slack over a call's own duration: the control channel answers when the work is done. */
const CALL_SLACK_MS = 30_000

/**
 * (c) The Go reference's stack: three `refpeer` processes (interop/cmd/refpeer: go-libp2p,
 * go-libp2p-pubsub, go-libp2p-kad-dht, in our PSK network and on our topic names), driven over
 * their JSON-lines control channel through the same loop as (a). With `-bench`, refpeer reads
 * and writes the bench payload of `payload.ts` on the subtree topic and times arrivals itself.
 */
export function runRefGossip(plan: GossipPlan): Promise<GossipRunResult[]> {
  // Throws, naming `pnpm interop:build`, when the Go program is not built.
  const binary = goProgram('refpeer')
  const notes = { stack: goStack() }
  return runTrio([refNode(1, binary, notes), refNode(2, binary, notes), refNode(3, binary, notes)], plan)
}

function refNode(i: number, binary: string, notes: Readonly<Record<string, unknown>>): TrioNode {
  // Closing its stdin stops refpeer, so a harness that dies takes these processes with it.
  const child = new JsonLinesChild<RefReady>(`refpeer${i}`, binary, [
    '-psk',
    BENCH_SHARED_KEY,
    '-topic-prefix',
    BENCH_TOPIC_PREFIX,
    '-listen',
    '/ip4/127.0.0.1/tcp/0',
    '-bench',
  ])
  return {
    pid: child.pid,
    up: child.ready.then((ready) => {
      if (!Object.values(ready.topics).includes(BENCH_TOPIC_NAMES.subtree))
        throw new Error(`refpeer${i} is not on ${BENCH_TOPIC_NAMES.subtree}: ${JSON.stringify(ready.topics)}`)
      return { address: dialable(ready), notes }
    }),
    dial: async (addresses) => {
      for (const address of addresses) await child.call('connect', { address })
    },
    waitForTopicPeers: (count, timeoutMs) =>
      child.call('waitForTopicPeers', { kind: 'subtree', count, timeoutMs }, timeoutMs + CALL_SLACK_MS),
    reset: (run) => child.call('benchReset', { run }),
    send: (params) => child.call<SendReport>('benchSend', params, params.durationMs + CALL_SLACK_MS),
    count: () => child.call<number>('benchCount'),
    report: () => child.call<NodeReport>('benchReport'),
    stop: async () => {
      await child.stop()
    },
  }
}

/** Its loopback TCP address, with the peer id a dial needs to secure the connection. */
function dialable(ready: RefReady): string {
  const tcp = ready.addresses.filter((a) => a.includes('/tcp/') && !a.includes('/ws'))
  const address = tcp.find((a) => a.startsWith('/ip4/127.0.0.1/')) ?? tcp[0]
  if (address === undefined) throw new Error(`refpeer has no TCP address: ${ready.addresses.join(' ')}`)
  return address.includes('/p2p/') ? address : `${address}/p2p/${ready.peerId}`
}

/** The versions of the reference's libraries refpeer is built on, as interop/go.mod pins them. */
function goStack(): string {
  try {
    const mod = readFileSync(join(REPO_ROOT, 'interop', 'go.mod'), 'utf8')
    const version = (name: string) => new RegExp(`${name} (v\\S+)`).exec(mod)?.[1] ?? '?'
    return ['go-libp2p', 'go-libp2p-pubsub', 'go-libp2p-kad-dht']
      .map((name) => `${name} ${version(`github.com/libp2p/${name}`)}`)
      .join(', ')
  } catch {
    return 'unknown'
  }
}
