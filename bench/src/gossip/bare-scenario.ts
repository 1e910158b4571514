import { BenchChild } from '../lib/ipc.js'
import { benchScript, profilingArgs } from '../lib/paths.js'
import type { GossipPlan, GossipRunResult, SendReport } from './gossip-run.js'
import { type NodeReport, runTrio, type TrioNode } from './trio.js'

interface BareReady {
  readonly peerId: string
  readonly addresses: string[]
  readonly source: string
}

/**
 * (a) The bare library: three plain libp2p nodes (child processes, our exact libp2p options),
 * fully connected on loopback; node 1 publishes 1 KB messages on one topic, nodes 2 and 3 time
 * their arrival against the send time carried in the message.
 */
export function runBareGossip(plan: GossipPlan): Promise<GossipRunResult[]> {
  return runTrio([bareNode(1), bareNode(2), bareNode(3)], plan)
}

function bareNode(i: number): TrioNode {
  const child = new BenchChild<BareReady>({
    name: `bare${i}`,
    script: benchScript('gossip/bare-node.js'),
    nodeArgs: profilingArgs(`bare${i}`),
  })
  return {
    pid: child.pid,
    up: child.ready.then((ready) => ({
      address: ready.addresses.find((a) => a.includes('/tcp/')) ?? '',
      notes: { libp2pNode: ready.source },
    })),
    dial: (addresses) => child.call('dial', { addresses }),
    waitForTopicPeers: (count, timeoutMs) => child.call('waitForTopicPeers', { count, timeoutMs }),
    reset: (run) => child.call('reset', { run }),
    send: (params) => child.call<SendReport>('send', params),
    count: () => child.call<number>('count'),
    report: () => child.call<NodeReport>('report'),
    stop: () => child.stop(),
  }
}
