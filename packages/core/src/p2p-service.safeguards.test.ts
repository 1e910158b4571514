import {
  type BlockHeaderInfo,
  bestBlockMessageCodec,
  blockMessageCodec,
  type Hash,
  type PeerNetwork,
  type RejectedTxListener,
  type Unsubscribe,
} from '@p2p/domain'
import {
  aBlockHeaderInfo,
  aBlockMessage,
  FakeClock,
  ManualLoadGauge,
  MemoryBlockValidator,
  MemoryChainNotifier,
  MemoryLogger,
  MemoryMetrics,
  MemoryNetworkHub,
  MemoryNotificationSink,
  MemoryPeerReputation,
  MemoryRejectedTxSource,
  nextTick,
  waitFor,
} from '@p2p/testkit'
import { afterEach, describe, expect, it } from 'vitest'
import { serviceOn } from '../test/service-on.js'
import { createTestNode, hashOf, ROGUE, ROGUE_HUB, type TestNode } from '../test/test-node.js'
import type { P2PServiceOptionsInput } from './options.js'
import { P2PService } from './p2p-service.js'

/** A blockchain service whose block-header look-ups never answer, until the caller aborts. */
class HangingChain extends MemoryChainNotifier {
  override blockHeader(_hash: Hash, signal?: AbortSignal): Promise<BlockHeaderInfo> {
    return new Promise((_resolve, reject) => {
      signal?.addEventListener('abort', () => reject(signal.reason), { once: true })
    })
  }
}

/** A blockchain service that answers every block-header look-up with the header of another block. */
class ConfusedChain extends MemoryChainNotifier {
  override async blockHeader(): Promise<BlockHeaderInfo> {
    return aBlockHeaderInfo({ hash: hashOf(0x999) })
  }
}

class BrokenRejectedTxSource extends MemoryRejectedTxSource {
  override subscribe(_listener: RejectedTxListener): Unsubscribe {
    throw new Error('validator stream refused')
  }
}

describe('P2PService safeguards', () => {
  let nodes: TestNode[] = []
  afterEach(async () => {
    for (const node of nodes) await node.stop()
    nodes = []
  })

  it('abortInFlight cancels a header look-up that never answers, so stop resolves', async () => {
    const { chain, metrics, service } = await serviceOn({ chain: new HangingChain() })
    await service.start()
    chain.emit({ kind: 'block', hash: hashOf(1) })
    const stopping = service.stop()
    await nextTick()
    let settled = false
    void stopping.then(() => {
      settled = true
    })
    await nextTick()
    expect(settled).toBe(false)
    service.abortInFlight()
    await stopping
    expect(metrics.count('inputRejected', { source: 'chain', code: 'stopped' })).toBe(1)
    expect(metrics.count('messagePublished', { kind: 'block' })).toBe(0)
  })

  it('gives every concurrent stop the same promise', async () => {
    const { service } = await serviceOn({})
    await service.start()
    const first = service.stop()
    expect(service.stop()).toBe(first)
    await first
  })

  it('starts all or nothing: a failed subscription undoes the others and leaves it unstarted', async () => {
    const { chain, service } = await serviceOn({ rejectedTxs: new BrokenRejectedTxSource() })
    await expect(service.start()).rejects.toThrow('validator stream refused')
    expect(chain.listenerCount).toBe(0)
    expect(service.running).toBe(false)
  })

  it('refuses a network whose peer id is not a peer id', () => {
    const network = { peerId: 'not a/peer id', setListener: () => {} } as unknown as PeerNetwork
    const clock = new FakeClock()
    const build = () =>
      new P2PService(
        {
          network,
          chain: new MemoryChainNotifier({ clock }),
          validator: new MemoryBlockValidator({ clock }),
          rejectedTxs: new MemoryRejectedTxSource({ clock }),
          sink: new MemoryNotificationSink(),
          clock,
          logger: new MemoryLogger(),
          metrics: new MemoryMetrics(),
          reputation: new MemoryPeerReputation({ clock }),
          load: new ManualLoadGauge(),
        },
        { dataHubUrl: 'http://self.example/api' },
      )
    expect(build).toThrow(expect.objectContaining({ code: 'invalid_field' }))
  })

  it('does not announce a block when the look-up answers for another block', async () => {
    const { chain, metrics, logger, service } = await serviceOn({ chain: new ConfusedChain() })
    await service.start()
    chain.emit({ kind: 'block', hash: hashOf(1) })
    await waitFor(() => metrics.count('inputRejected', { source: 'chain', code: 'upstream_failed' }) === 1)
    expect(metrics.count('messagePublished', { kind: 'block' })).toBe(0)
    expect(logger.find('warn', 'input from node service refused')?.context).toMatchObject({
      answered: hashOf(0x999),
    })
    await service.stop()
  })

  it('announces subtrees while a block-header look-up hangs', async () => {
    const { chain, network, service } = await serviceOn({ chain: new HangingChain() })
    await service.start()
    chain.emit({ kind: 'block', hash: hashOf(1) })
    chain.emit({ kind: 'subtree', hash: hashOf(2) })
    await waitFor(() => network.published.some((p) => p.kind === 'subtree'), { what: 'subtree published' })
    service.abortInFlight()
    await service.stop()
  })

  it('keeps judging and relaying gossip when the notification sink throws', async () => {
    const sink = {
      notify: () => {
        throw new Error('sink is broken')
      },
    }
    const { hub, network, validator, logger, metrics, service } = await serviceOn({ sink })
    await service.start()
    const data = blockMessageCodec.encodeBytes(aBlockMessage({ dataHubUrl: ROGUE_HUB, peerId: ROGUE }))
    expect(await hub.injectGossip(network.peerId, { kind: 'block', from: ROGUE, data })).toBe('accept')
    await waitFor(() => validator.calls.length === 1)
    expect(logger.find('error', 'notification sink threw')).toBeDefined()
    expect(metrics.count('notified')).toBe(0)
    await service.stop()
  })

  describe('best-block replies', () => {
    const reply = (peerId = '') =>
      blockMessageCodec.encodeBytes(aBlockMessage({ dataHubUrl: ROGUE_HUB, peerId, height: 5 }))

    async function lonelyNode(options: Partial<P2PServiceOptionsInput> = {}) {
      const hub = new MemoryNetworkHub()
      const node = createTestNode(hub, options)
      nodes = [node]
      await node.start()
      await waitFor(() => node.metrics.count('messagePublished', { kind: 'bestBlock' }) === 1)
      return { hub, node }
    }

    it('are handed off only within the window after our request', async () => {
      const { hub, node } = await lonelyNode({ bestBlockReplyWindowMs: 1000 })
      await hub.injectDirect(node.peerId, { from: ROGUE, data: reply() })
      expect(node.validator.calls).toHaveLength(1)
      node.clock.advance(1001)
      await hub.injectDirect(node.peerId, { from: ROGUE, data: reply() })
      expect(node.validator.calls).toHaveLength(1)
      expect(node.metrics.count('inputRejected', { source: 'direct', code: 'unsolicited_reply' })).toBe(1)
    })

    it('are handed off at most as many times as one request allows', async () => {
      const { hub, node } = await lonelyNode({ bestBlockMaxReplies: 2 })
      for (let i = 0; i < 5; i++) await hub.injectDirect(node.peerId, { from: ROGUE, data: reply() })
      expect(node.validator.calls).toHaveLength(2)
      expect(node.metrics.count('inputRejected', { source: 'direct', code: 'unsolicited_reply' })).toBe(3)
    })

    it('must not name a peer other than their sender', async () => {
      const { hub, node } = await lonelyNode()
      await hub.injectDirect(node.peerId, { from: ROGUE, data: reply(MemoryNetworkHub.peerIdFor(0x07e4)) })
      expect(node.validator.calls).toHaveLength(0)
      expect(node.metrics.count('inputRejected', { source: 'direct', code: 'peer_id_mismatch' })).toBe(1)
    })

    it('a request with an empty PeerId is still answered, to its author', async () => {
      const { hub, node } = await lonelyNode()
      const data = bestBlockMessageCodec.encodeBytes({ peerId: '' })
      const other = hub.createNode()
      other.setListener({
        gossip: () => 'accept',
        afterVerdicts: () => {},
        direct: () => {},
        topicPeerJoined: () => {},
      })
      await other.start()
      expect(await hub.injectGossip(node.peerId, { kind: 'bestBlock', from: other.peerId, data })).toBe(
        'accept',
      )
      await waitFor(() => node.network.sentDirect.some((sent) => sent.to === other.peerId))
      await other.stop()
    })
  })
})
