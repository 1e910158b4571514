import { blockMessageCodec, type ErrorCode, P2PError, type Startable } from '@p2p/domain'
import { aBlockMessage, MemoryLogger, MemoryNetworkHub, nextTick, waitFor } from '@p2p/testkit'
import { afterEach, describe, expect, it } from 'vitest'
import { createTestNode, hashOf, ROGUE, ROGUE_HUB, type TestNode } from '../test/test-node.js'
import { Lifecycle, type NamedComponent } from './lifecycle.js'
import type { P2PServiceOptionsInput } from './options.js'

const blockFromRogue = (n: number) =>
  blockMessageCodec.encodeBytes(aBlockMessage({ hash: hashOf(n), dataHubUrl: ROGUE_HUB, peerId: ROGUE }))

/** True if `promise` settles within a few turns of the event loop; false if it is still pending. */
async function settlesSoon(promise: Promise<unknown>): Promise<boolean> {
  let settled = false
  void promise.then(
    () => {
      settled = true
    },
    () => {
      settled = true
    },
  )
  for (let turn = 0; turn < 5 && !settled; turn++) await nextTick()
  return settled
}

function thrownBy(action: () => unknown): unknown {
  try {
    action()
  } catch (error) {
    return error
  }
  throw new Error('expected the action to throw')
}

describe('P2PService lifecycle', () => {
  let nodes: TestNode[] = []
  afterEach(async () => {
    for (const node of nodes) await node.stop()
    nodes = []
  })

  /** One node, alone on its hub: no start-up exchange with other nodes to account for. */
  async function startedNode(options: Partial<P2PServiceOptionsInput> = {}) {
    const hub = new MemoryNetworkHub()
    const node = createTestNode(hub, options)
    nodes = [node]
    await node.start()
    // Our own start-up best-block request comes back to us; wait for it so later counts are the test's.
    await waitFor(() => node.metrics.count('gossipVerdict', { kind: 'bestBlock' }) === 1, {
      what: 'own best-block request delivered',
    })
    return { hub, node }
  }

  async function injectBlock(hub: MemoryNetworkHub, node: TestNode, n: number) {
    return hub.injectGossip(node.peerId, { kind: 'block', from: ROGUE, data: blockFromRogue(n) })
  }

  it('subscribes to the chain and the rejected-tx source on start, and unsubscribes on stop, once', async () => {
    const node = createTestNode(new MemoryNetworkHub())
    nodes = [node]
    expect(node.chain.listenerCount).toBe(0)
    expect(node.rejectedTxs.listenerCount).toBe(0)
    await node.start()
    expect(node.service.running).toBe(true)
    expect(node.chain.listenerCount).toBe(1)
    expect(node.rejectedTxs.listenerCount).toBe(1)

    await node.service.stop()
    expect(node.service.running).toBe(false)
    expect(node.chain.listenerCount).toBe(0)
    expect(node.rejectedTxs.listenerCount).toBe(0)
    // A second stop (the composition root's shutdown after a failed start, say) is harmless.
    await expect(node.service.stop()).resolves.toBeUndefined()
    expect(node.chain.listenerCount).toBe(0)
    // Nothing is announced once stopped: the chain has nobody to tell.
    node.chain.emit({ kind: 'subtree', hash: hashOf(1) })
    await nextTick()
    expect(node.network.published.filter((p) => p.kind === 'subtree')).toEqual([])
  })

  it('refuses to start twice, without subscribing twice', async () => {
    const { node } = await startedNode()
    await expect(node.service.start()).rejects.toBeCodedError('internal')
    expect(node.chain.listenerCount).toBe(1)
    expect(node.rejectedTxs.listenerCount).toBe(1)
    expect(node.service.running).toBe(true)
  })

  it('refuses to start again after stop', async () => {
    const { node } = await startedNode()
    await node.service.stop()
    await expect(node.service.start()).rejects.toBeCodedError('internal')
    expect(node.chain.listenerCount).toBe(0)
  })

  it.each<{ readonly option: string; readonly options: Partial<P2PServiceOptionsInput> }>([
    { option: 'dataHubUrl', options: { dataHubUrl: 'not a url' } },
    { option: 'dataHubUrl', options: { dataHubUrl: 'ftp://node.example/api/v1' } },
    { option: 'handoffConcurrency', options: { handoffConcurrency: 0 } },
    { option: 'handoffQueueLimit', options: { handoffQueueLimit: -1 } },
    { option: 'bestBlockRequestIntervalMs', options: { bestBlockRequestIntervalMs: 1.5 } },
  ])('refuses an invalid $option at construction, naming it', ({ option, options }) => {
    const error = thrownBy(() => createTestNode(new MemoryNetworkHub(), options))
    expect(error).toBeCodedError('invalid_field')
    expect((error as P2PError).message).toContain(option)
  })

  // Every announcement and best-block reply carries this URL and must pass the wire schema; a URL
  // the options accept but the wire refuses leaves a node that starts fine and never announces.
  it.each(['http://node.example:8090/api v1', 'http://node.example:8090/api\u0085v1'])(
    'refuses a data hub URL that could never be announced (%j)',
    (dataHubUrl) => {
      const error = thrownBy(() => createTestNode(new MemoryNetworkHub(), { dataHubUrl }))
      expect(error).toBeCodedError('invalid_field')
      expect((error as P2PError).message).toContain('dataHubUrl')
    },
  )

  it('ignores gossip and direct messages that arrive before start', async () => {
    const hub = new MemoryNetworkHub()
    const node = createTestNode(hub)
    nodes = [node]
    // Only the network is up, as when the composition root starts it before the service.
    await node.network.start()
    expect(await injectBlock(hub, node, 0xa1)).toBe('ignore')
    await hub.injectDirect(node.peerId, { from: ROGUE, data: blockFromRogue(0xa2) })
    expect(node.metrics.callsOf('inputRejected')).toMatchObject([
      { source: 'block', code: 'not_started' },
      { source: 'direct', code: 'not_started' },
    ])
    expect(node.validator.calls).toEqual([])
    expect(node.sink.notifications).toEqual([])
    expect(node.logger.filter('warn')).toEqual([])
    await node.network.stop()
  })

  it('ignores gossip and direct messages that arrive after stop', async () => {
    const { hub, node } = await startedNode()
    await node.service.stop()
    node.metrics.reset()
    expect(await injectBlock(hub, node, 0xa3)).toBe('ignore')
    await hub.injectDirect(node.peerId, { from: ROGUE, data: blockFromRogue(0xa4) })
    expect(node.metrics.callsOf('inputRejected')).toMatchObject([
      { source: 'block', code: 'not_started' },
      { source: 'direct', code: 'not_started' },
    ])
    expect(node.validator.calls).toEqual([])
    expect(node.sink.notifications).toEqual([])
  })

  it('stop waits for a hand-off in flight, and counts it once it is done', async () => {
    const { hub, node } = await startedNode()
    node.validator.hold()
    expect(await injectBlock(hub, node, 0xb1)).toBe('accept')
    await waitFor(() => node.validator.heldCount === 1, { what: 'hand-off in flight' })

    const stopping = node.service.stop()
    expect(await settlesSoon(stopping)).toBe(false)
    expect(node.service.running).toBe(false)

    node.validator.release()
    await expect(stopping).resolves.toBeUndefined()
    expect(node.metrics.callsOf('handoff')).toMatchObject([{ kind: 'block', outcome: 'ok' }])
  })

  it('stop drops, and counts, hand-offs still waiting', async () => {
    const { hub, node } = await startedNode({ handoffConcurrency: 1 })
    node.validator.hold()
    for (const n of [0xc1, 0xc2, 0xc3]) expect(await injectBlock(hub, node, n)).toBe('accept')
    expect(node.service.handoffBacklog).toEqual({ waiting: 2, inFlight: 1 })

    const stopping = node.service.stop()
    // Dropping what waits needs no turn of the event loop; the one running is still awaited.
    expect(node.metrics.count('handoff', { outcome: 'dropped' })).toBe(2)
    // Dropped because we are shutting down: expected, so counted but kept out of warn.
    expect(node.logger.filter('debug', 'hand-off dropped').map((e) => e.context)).toMatchObject([
      { hash: hashOf(0xc2), reason: 'closed' },
      { hash: hashOf(0xc3), reason: 'closed' },
    ])
    expect(await settlesSoon(stopping)).toBe(false)

    node.validator.release()
    await stopping
    expect(node.metrics.callsOf('handoff').map((h) => h.outcome)).toEqual(['dropped', 'dropped', 'ok'])
    expect(node.validator.calls.map((call) => call.announcement.hash)).toEqual([hashOf(0xc1)])
  })

  it('abortInFlight cancels a hand-off in flight, so a stop whose time is up resolves without the validator', async () => {
    const { hub, node } = await startedNode()
    node.validator.hold()
    await injectBlock(hub, node, 0xd1)
    await waitFor(() => node.validator.heldCount === 1, { what: 'hand-off in flight' })

    const stopping = node.service.stop()
    expect(await settlesSoon(stopping)).toBe(false)
    node.service.abortInFlight()
    await expect(stopping).resolves.toBeUndefined()

    expect(node.validator.heldCount).toBe(0)
    expect(node.metrics.callsOf('handoff')).toMatchObject([{ kind: 'block', outcome: 'failed' }])
    expect(node.logger.find('warn', 'hand-off to block validation failed')?.context).toMatchObject({
      hash: hashOf(0xd1),
      code: 'stopped',
    })
  })
})

describe('Lifecycle', () => {
  /** A component that records its start and stop in `log`, and fails where told to. */
  function component(
    name: string,
    log: string[],
    fail: { readonly start?: unknown; readonly stop?: unknown } = {},
  ): NamedComponent {
    const startable: Startable = {
      start: async () => {
        log.push(`start ${name}`)
        if (fail.start !== undefined) throw fail.start
      },
      stop: async () => {
        log.push(`stop ${name}`)
        if (fail.stop !== undefined) throw fail.stop
      },
    }
    return { name, component: startable }
  }

  it('starts components in order and stops them in reverse', async () => {
    const log: string[] = []
    const logger = new MemoryLogger()
    const lifecycle = new Lifecycle({
      components: ['a', 'b', 'c'].map((name) => component(name, log)),
      logger,
    })
    await lifecycle.start()
    expect(log).toEqual(['start a', 'start b', 'start c'])
    await lifecycle.stop()
    expect(log).toEqual(['start a', 'start b', 'start c', 'stop c', 'stop b', 'stop a'])
    expect(logger.filter('debug', 'stopped').map((e) => e.context.component)).toEqual(['c', 'b', 'a'])

    // What was stopped is not stopped again.
    await lifecycle.stop()
    expect(log).toHaveLength(6)
  })

  it('when a start fails, stops it and those already started, in reverse, and rethrows the error', async () => {
    const log: string[] = []
    const logger = new MemoryLogger()
    const failure = new P2PError('upstream_unavailable', 'validator is down')
    const lifecycle = new Lifecycle({
      components: [
        component('a', log),
        component('b', log),
        component('c', log, { start: failure }),
        component('d', log),
      ],
      logger,
    })
    await expect(lifecycle.start()).rejects.toBe(failure)
    // The one that failed may hold what it opened before failing, so it is stopped too (stop is
    // idempotent); the one after it never starts.
    expect(log).toEqual(['start a', 'start b', 'start c', 'stop c', 'stop b', 'stop a'])
    expect(logger.find('error', 'start failed')?.context).toMatchObject({
      component: 'c',
      reason: 'validator is down',
    })
  })

  it('logs a component whose stop throws at error, and still stops the others', async () => {
    const log: string[] = []
    const logger = new MemoryLogger()
    const lifecycle = new Lifecycle({
      components: [
        component('a', log),
        component('b', log, { stop: new Error('socket stuck') }),
        component('c', log, { stop: new P2PError('stopped', 'already gone') }),
      ],
      logger,
    })
    await lifecycle.start()
    await expect(lifecycle.stop()).resolves.toBeUndefined()
    expect(log.slice(3)).toEqual(['stop c', 'stop b', 'stop a'])
    const failures = logger.filter('error', 'stop failed').map((e) => e.context)
    const expected: Array<{ component: string; code: ErrorCode; reason: string }> = [
      { component: 'c', code: 'stopped', reason: 'already gone' },
      { component: 'b', code: 'internal', reason: 'socket stuck' },
    ]
    expect(failures).toMatchObject(expected)
    expect(logger.filter('debug', 'stopped').map((e) => e.context.component)).toEqual(['a'])
  })
})
