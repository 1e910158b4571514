import { MemoryNetworkHub, waitFor } from '@p2p/testkit'
import { afterEach } from 'vitest'
import type { P2PServiceOptionsInput } from '../src/options.js'
import { directTo, gossipTo } from './inject.js'
import { createTestNode, type TestNode } from './test-node.js'

/**
 * Test nodes that are stopped after every test. `lonely` starts one node alone on its own hub,
 * past its start-up best-block request, with injectors playing a rogue peer towards it.
 */
export function useTestNodes() {
  let nodes: TestNode[] = []
  afterEach(async () => {
    for (const node of nodes) await node.stop()
    nodes = []
  })
  return {
    track(...more: TestNode[]): TestNode[] {
      nodes.push(...more)
      return more
    },
    async lonely(options: Partial<P2PServiceOptionsInput> = {}) {
      const hub = new MemoryNetworkHub()
      const node = createTestNode(hub, options)
      nodes.push(node)
      await node.start()
      await waitFor(() => node.metrics.count('messagePublished', { kind: 'bestBlock' }) === 1)
      return { hub, node, gossip: gossipTo(hub, node.peerId), direct: directTo(hub, node.peerId) }
    },
  }
}
