import { SPEC2024_KINDS } from '@p2p/domain'
import { RecordingListener, waitFor } from '@p2p/testkit'
import { describe, expect, it } from 'vitest'
import { NetworkFleet, tcpAddress, untilFullyConnected, wsAddress } from './network-harness.js'
import { samplesFrom } from './samples.js'

const WATCHED = ['TCPSocketWrap', 'TCPServerWrap', 'Timeout', 'Immediate', 'PipeWrap']

function handles(): Record<string, number> {
  const counts: Record<string, number> = {}
  for (const type of process.getActiveResourcesInfo()) {
    if (WATCHED.includes(type)) counts[type] = (counts[type] ?? 0) + 1
  }
  return counts
}

function exceeds(now: Record<string, number>, baseline: Record<string, number>): string[] {
  return WATCHED.filter((type) => (now[type] ?? 0) > (baseline[type] ?? 0)).map(
    (type) => `${type}: ${now[type]} > ${baseline[type] ?? 0}`,
  )
}

describe('stop()', () => {
  it('leaves no sockets, servers or timers behind after a busy life', async () => {
    const baseline = handles()
    const fleet = new NetworkFleet()
    const wsListen = { listen: { ip: '127.0.0.1', port: 0, websocketPort: 0 } }
    const a = (await fleet.create({ ...wsListen, staticPeers: [] })).network
    a.setListener(new RecordingListener())
    await a.start()
    const b = (await fleet.create({ ...wsListen, bootstrapAddresses: [tcpAddress(a)] })).network
    b.setListener(new RecordingListener())
    await b.start()
    const c = (
      await fleet.create({ ...wsListen, bootstrapAddresses: [wsAddress(a)], staticPeers: [tcpAddress(b)] })
    ).network
    const cListener = new RecordingListener()
    c.setListener(cListener)
    await c.start()
    await untilFullyConnected([a, b, c])
    const sent = samplesFrom(a.peerId)
    for (const kind of SPEC2024_KINDS) await a.publish(kind, sent[kind] as never)
    await c.sendDirect(a.peerId, { ...sent.block, peerId: '' })
    await waitFor(() => cListener.gossipReceived.length >= SPEC2024_KINDS.length, { timeoutMs: 20_000 })
    expect(exceeds(handles(), baseline).length).toBeGreaterThan(0)

    await fleet.cleanup()
    const leftovers = await waitFor(
      () => {
        const extra = exceeds(handles(), baseline)
        return extra.length === 0 ? 'clean' : undefined
      },
      { timeoutMs: 10_000, what: `handles to return to baseline (${JSON.stringify(baseline)})` },
    ).catch(() => exceeds(handles(), baseline))
    expect(leftovers).toBe('clean')
  })

  it('undoes a start that is still under way, and stays stopped', async () => {
    const baseline = handles()
    const fleet = new NetworkFleet()
    const { network } = await fleet.create()
    network.setListener(new RecordingListener())
    const starting = network.start()
    const stopping = network.stop()
    await expect(starting).rejects.toMatchObject({ code: 'stopped' })
    await stopping
    expect(network.addresses()).toEqual([])
    await expect(network.publish('bestBlock', { peerId: network.peerId })).rejects.toMatchObject({
      code: 'not_started',
    })
    await waitFor(() => exceeds(handles(), baseline).length === 0, {
      timeoutMs: 10_000,
      what: 'handles to return',
    })
  })
})
