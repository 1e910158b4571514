import { type Announcement, P2PError } from '@p2p/domain'
import { MemoryBlockValidator } from '@p2p/testkit'

/** A block validator whose first call waits, then fails as a fetch from a useless URL would. */
export class FirstCallFails extends MemoryBlockValidator {
  private fail: () => void = () => {}
  private readonly failed = new Promise<void>((resolve) => {
    this.fail = resolve
  })

  failFirst(): void {
    this.fail()
  }

  override async subtreeFound(announcement: Announcement, signal?: AbortSignal): Promise<void> {
    const first = this.calls.length === 0
    await super.subtreeFound(announcement, signal)
    if (!first) return
    await this.failed
    throw new P2PError('upstream_failed', 'could not fetch the subtree')
  }
}
