import { RecordingListener, waitFor } from '@p2p/testkit'
import { afterEach, describe, it } from 'vitest'
import { NetworkFleet, tcpAddress } from './network-harness.js'

describe('bootstrap by host name', () => {
  const fleet = new NetworkFleet()
  afterEach(() => fleet.cleanup())

  it('dials a /dns4/<name>/tcp/<port>/p2p/<id> address, as the docker-compose peers name peer 1', async () => {
    const a = (await fleet.create()).network
    a.setListener(new RecordingListener())
    await a.start()
    const byName = tcpAddress(a).replace('/ip4/127.0.0.1/', '/dns4/localhost/')
    const b = (await fleet.create({ bootstrapAddresses: [byName] })).network
    b.setListener(new RecordingListener())
    await b.start()
    await waitFor(() => b.peers().some((p) => p.id === a.peerId), {
      timeoutMs: 15_000,
      what: 'b to reach a by name',
    })
  })
})
