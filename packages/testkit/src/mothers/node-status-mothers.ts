import type { NodeStatusMessage } from '@p2p/domain'
import { aDataHubUrl, aHash, aPeerId } from './identity-mothers.js'
import { randomInt } from './random.js'

/** A node's status as a healthy, running node would report it. */
export function aNodeStatusMessage(overrides: Partial<NodeStatusMessage> = {}): NodeStatusMessage {
  const startTime = 1_764_000_000 + randomInt(0, 1_000_000)
  return {
    peerId: aPeerId(),
    clientName: 'teranode-p2p-ts',
    baseUrl: aDataHubUrl(),
    propagationUrl: '',
    version: '0.1.0',
    commitHash: 'abc1234',
    bestBlockHash: aHash(),
    bestHeight: randomInt(1, 1_000_000),
    txCount: 0n,
    subtreeCount: 0,
    fsmState: 'RUNNING',
    startTime,
    uptime: randomInt(1, 100_000) + 0.25,
    minerName: '',
    listenMode: 'full',
    chainWork: '',
    syncPeerId: '',
    syncPeerHeight: 0,
    syncPeerBlockHash: '',
    syncConnectedAt: 0,
    connectedPeersCount: randomInt(1, 30),
    legacyConnectedPeersCount: 0,
    storage: '',
    ...overrides,
  }
}
