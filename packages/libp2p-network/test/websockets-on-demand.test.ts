import { RecordingListener, waitFor } from '@p2p/testkit'
import { afterEach, describe, expect, it } from 'vitest'
import { NetworkFleet, wsAddress } from './network-harness.js'

// The websockets transport is loaded only when the configuration uses it (see needsWebSockets):
// a node without a websocket listener must still reach a peer it was given by a /ws address.
describe('websockets transport on demand', () => {
  const fleet = new NetworkFleet()
  afterEach(() => fleet.cleanup())

  it('dials a static peer given only by its /ws address from a node that does not listen on websockets', async () => {
    const a = (await fleet.create({ listen: { ip: '127.0.0.1', port: 0, websocketPort: 0 } })).network
    a.setListener(new RecordingListener())
    await a.start()
    const b = (await fleet.create({ staticPeers: [wsAddress(a)] })).network
    b.setListener(new RecordingListener())
    await b.start()
    expect(b.addresses().some((address) => address.includes('/ws'))).toBe(false)
    await waitFor(() => b.peers().some((peer) => peer.id === a.peerId), {
      timeoutMs: 15_000,
      what: 'b connected to a over websockets',
    })
  })
})
