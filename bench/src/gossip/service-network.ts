import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { LoggedProcess } from '../lib/children.js'
import { until } from '../lib/time.js'
import { type ServiceNode, sees, startServiceNode, stopServiceNodes } from './service-nodes.js'
import type { ServiceProfile } from './service-profile.js'
import { WsReceiver } from './ws-receiver.js'

/** Three service nodes (peers 2 and 3 bootstrap from peer 1) and the harness's websocket clients. */
export interface ServiceNetwork {
  readonly nodes: readonly [ServiceNode, ServiceNode, ServiceNode]
  /** Websocket clients of nodes 2 and 3: where messages leave. */
  readonly remote: readonly WsReceiver[]
  /** Websocket client of node 1: its own notification, gossip's echo of its publication. */
  readonly echo: WsReceiver
  readonly processes: readonly LoggedProcess[]
  readonly pids: Readonly<Record<string, number>>
  /** Bans any node logged since it started: a banned node 1 gets nothing through any more. */
  bans(): number
  stop(): Promise<void>
}

/** Starts the network on one wire profile; on failure, stops whatever had started before rethrowing. */
export async function startServiceNetwork(
  profile: ServiceProfile,
  traceSampleRate: number,
): Promise<ServiceNetwork> {
  const started: LoggedProcess[] = []
  const nodes: ServiceNode[] = []
  const sockets: WsReceiver[] = []
  const dataRoot = await mkdtemp(join(tmpdir(), 'p2p-bench-'))
  const stop = async () => {
    for (const socket of sockets) socket.close()
    await stopServiceNodes(nodes, started)
    await rm(dataRoot, { recursive: true, force: true })
  }
  try {
    const first = await startServiceNode('peer1', { profile, traceSampleRate, started, dataRoot })
    nodes.push(first)
    for (const name of ['peer2', 'peer3'])
      nodes.push(
        await startServiceNode(name, {
          profile,
          traceSampleRate,
          started,
          dataRoot,
          bootstrap: first.address,
        }),
      )
    const [n1, n2, n3] = nodes as [ServiceNode, ServiceNode, ServiceNode]
    for (const [a, b] of [
      [n1, n2],
      [n1, n3],
      [n2, n1],
      [n3, n1],
      [n2, n3],
      [n3, n2],
    ] as const) {
      await until(() => sees(a, b), `${a.name} to see ${b.name} on every topic`, 40_000, 200)
    }
    const open = async (node: ServiceNode) => {
      const socket = await WsReceiver.open(node.name, `ws://127.0.0.1:${node.http.port}/ws?types=subtree`)
      sockets.push(socket)
      return socket
    }
    const remote = [await open(n2), await open(n3)]
    const echo = await open(n1)
    return {
      nodes: [n1, n2, n3],
      remote,
      echo,
      processes: started,
      pids: {
        p2p1: n1.p2p.pid,
        p2p2: n2.p2p.pid,
        p2p3: n3.p2p.pid,
        dev1: n1.dev.pid,
        dev2: n2.dev.pid,
        dev3: n3.dev.pid,
      },
      bans: () => [n1, n2, n3].reduce((sum, n) => sum + (n.p2p.problemCounts.get('banned a peer') ?? 0), 0),
      stop,
    }
  } catch (error) {
    await stop()
    throw error
  }
}
