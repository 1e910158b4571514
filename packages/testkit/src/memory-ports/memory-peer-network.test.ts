import { MemoryNetworkHub } from '@p2p/memory-ports'
import { describe, expect, it } from 'vitest'
import { describePeerNetworkCompliance } from '../compliance/peer-network-compliance.js'
import { RecordingListener } from '../fakes/recording-listener.js'

describePeerNetworkCompliance('MemoryPeerNetwork', () => {
  const hub = new MemoryNetworkHub()
  const nodes: Array<{ stop(): Promise<void> }> = []
  return {
    create: async (count) => {
      const created = Array.from({ length: count }, () => hub.createNode())
      nodes.push(...created)
      return created
    },
    whenConnected: async () => {},
    cleanup: async () => {
      for (const node of nodes) await node.stop()
    },
  }
})

describe('MemoryNetworkHub', () => {
  it('stops delivering across a cut link and resumes when it is restored', async () => {
    const hub = new MemoryNetworkHub()
    const [a, b] = [hub.createNode(), hub.createNode()]
    const [la, lb] = [new RecordingListener(), new RecordingListener()]
    a.setListener(la)
    b.setListener(lb)
    await a.start()
    await b.start()
    hub.setLinked(a.peerId, b.peerId, false)
    expect(a.peers()).toHaveLength(0)
    await expect(
      a.sendDirect(b.peerId, { hash: 'ab'.repeat(32) as never, height: 1, dataHubUrl: '', peerId: '' }),
    ).rejects.toMatchObject({
      code: 'unknown_peer',
    })
    hub.setLinked(a.peerId, b.peerId, true)
    expect(a.peers().map((p) => p.id)).toEqual([b.peerId])
    expect(lb.joined.some((j) => j.peer === a.peerId)).toBe(true)
  })

  it('records the verdict given to injected rogue payloads', async () => {
    const hub = new MemoryNetworkHub()
    const a = hub.createNode()
    a.setListener(new RecordingListener(() => 'reject'))
    await a.start()
    const verdict = await hub.injectGossip(a.peerId, {
      kind: 'block',
      from: 'rogue',
      data: new Uint8Array([1]),
    })
    expect(verdict).toBe('reject')
    expect(hub.delivered.at(-1)).toMatchObject({ to: a.peerId, verdict: 'reject', from: 'rogue' })
  })

  it('gives distinct, well-formed peer ids', () => {
    const ids = new Set(Array.from({ length: 100 }, (_, i) => MemoryNetworkHub.peerIdFor(i + 1)))
    expect(ids.size).toBe(100)
    for (const id of ids) expect(id).toMatch(/^12D3KooW[1-9A-HJ-NP-Za-km-z]{44}$/)
  })
})

describe('MemoryPeerNetwork', () => {
  it('gives the listener the service set to a harness that drives it itself', () => {
    const node = new MemoryNetworkHub().createNode()
    expect(node.listener).toBeUndefined()
    const listener = new RecordingListener()
    node.setListener(listener)
    expect(node.listener).toBe(listener)
  })
})
