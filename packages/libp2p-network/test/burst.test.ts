import type { Hash } from '@p2p/domain'
import { RecordingListener, waitFor } from '@p2p/testkit'
import { afterEach, describe, expect, it } from 'vitest'
import { NetworkFleet, tcpAddress, untilFullyConnected } from './network-harness.js'

const MESSAGES = 2_000

describe('a burst of gossip through the private network', () => {
  const fleet = new NetworkFleet()
  afterEach(() => fleet.cleanup())

  it(`delivers all of ${MESSAGES} block announcements published back to back to both other nodes`, async () => {
    const listeners = [new RecordingListener(), new RecordingListener(), new RecordingListener()]
    const a = (await fleet.create()).network
    a.setListener(listeners[0] as RecordingListener)
    await a.start()
    const others = []
    for (const listener of listeners.slice(1)) {
      const node = (await fleet.create({ bootstrapAddresses: [tcpAddress(a)] })).network
      node.setListener(listener)
      await node.start()
      others.push(node)
    }
    await untilFullyConnected([a, ...others])
    const url = 'http://burst.example:8090/api/v1'
    for (let i = 0; i < MESSAGES; i++) {
      const hash = i.toString(16).padStart(64, '0') as Hash
      await a.publish('block', { hash, height: i, dataHubUrl: url, peerId: a.peerId })
    }
    for (const [i, listener] of listeners.entries()) {
      await waitFor(() => listener.gossipOf('block').length >= MESSAGES, {
        timeoutMs: 30_000,
        what: `all ${MESSAGES} blocks at node ${i} (has ${listener.gossipOf('block').length})`,
      })
      expect(new Set(listener.gossipOf('block').map((m) => Buffer.from(m.data).toString())).size).toBe(
        MESSAGES,
      )
    }
  })
})
