import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describePeerReputationCompliance, RecordingListener } from '@p2p/testkit'
import { NetworkFleet } from './network-harness.js'

// A started node with a data directory, so bans also go through hang-ups and the ban file.
describePeerReputationCompliance('Libp2pPeerNetwork', async () => {
  const fleet = new NetworkFleet()
  const dataDir = await mkdtemp(join(tmpdir(), 'p2p-reputation-compliance-'))
  const clock = { now: Date.now() }
  const { network } = await fleet.create({ dataDir }, undefined, { now: () => clock.now })
  network.setListener(new RecordingListener())
  await network.start()
  return {
    reputation: network,
    advance: async (ms) => {
      clock.now += ms
    },
    cleanup: async () => {
      await fleet.cleanup()
      await rm(dataDir, { recursive: true, force: true })
    },
  }
})
