import type { PeerId, PeerNetwork, PeerNetworkListener, PeerSummary } from '@p2p/domain'

/** A PeerNetwork that does nothing but hand the test the service's listener. */
export class CapturingNetwork implements PeerNetwork {
  listener: PeerNetworkListener | undefined

  constructor(readonly peerId: PeerId) {}

  setListener(listener: PeerNetworkListener): void {
    this.listener = listener
  }

  async start(): Promise<void> {}

  async stop(): Promise<void> {}

  async publish(): Promise<void> {}

  async sendDirect(): Promise<void> {}

  peers(): readonly PeerSummary[] {
    return []
  }
}
