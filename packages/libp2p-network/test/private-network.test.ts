import { RecordingListener, waitFor } from '@p2p/testkit'
import { afterEach, describe, expect, it } from 'vitest'
import type { Libp2pPeerNetwork, Libp2pPeerNetworkOptions } from '../src/index.js'
import { NetworkFleet, TEST_SHARED_KEY, tcpAddress } from './network-harness.js'

const OTHER_KEY = 'a7'.repeat(32)

describe('the PSK private network', () => {
  const fleet = new NetworkFleet()
  afterEach(() => fleet.cleanup())

  async function started(overrides: Partial<Libp2pPeerNetworkOptions>): Promise<Libp2pPeerNetwork> {
    const { network } = await fleet.create(overrides)
    network.setListener(new RecordingListener())
    await network.start()
    return network
  }

  /** A well-behaved member that does connect, so the outsider's failure is not a timing accident. */
  async function memberAndOutsider(outsider: Partial<Libp2pPeerNetworkOptions>) {
    const a = await started({})
    const member = await started({ bootstrapAddresses: [tcpAddress(a)] })
    const stranger = await started({ ...outsider, bootstrapAddresses: [tcpAddress(a)] })
    await waitFor(() => a.peers().some((p) => p.id === member.peerId), {
      timeoutMs: 15_000,
      what: 'member joins',
    })
    const dial = await stranger.connect(tcpAddress(a)).catch((error: unknown) => error)
    return { a, member, stranger, dial }
  }

  it.each([
    ['a different key', { privateNetwork: { sharedKey: OTHER_KEY } }],
    ['no key at all (public mode)', { privateNetwork: undefined }],
  ])('never lets in a node with %s', async (_label, outsider) => {
    const { a, member, stranger, dial } = await memberAndOutsider(
      outsider as Partial<Libp2pPeerNetworkOptions>,
    )
    expect(dial).toMatchObject({ code: 'send_failed' })
    // Both discovery loops keep trying for a while; none of it may succeed.
    await stranger.connect(tcpAddress(member)).catch(() => {})
    expect(a.peers().map((p) => p.id)).not.toContain(stranger.peerId)
    expect(member.peers().map((p) => p.id)).not.toContain(stranger.peerId)
    expect(stranger.peers()).toEqual([])
  })

  it('rejects a malformed shared key at construction, without echoing it', async () => {
    const secret = `${TEST_SHARED_KEY.slice(0, 60)}zz`
    const error = await fleet.create({ privateNetwork: { sharedKey: secret } }).catch((e: unknown) => e)
    expect(error).toMatchObject({ code: 'invalid_config' })
    expect((error as Error).message).not.toContain(secret)
  })
})
