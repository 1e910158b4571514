import type { Logger } from '@p2p/domain'
import { errorText } from '../util/error-text.js'
import { writeBanFile } from './ban-file.js'
import type { BanRecord } from './ban-scores.js'

/**
 * Writes the ban file when the ban set changed, coalescing a burst of changes (several peers banned
 * in one incident) into one write after `delayMs`. One write at a time; a change during a write
 * is written after it. Starts held: nothing is written before the old file was loaded, or a ban
 * made before start would replace the earlier run's bans.
 */
export class BanFileWriter {
  private timer: NodeJS.Timeout | undefined
  private writing: Promise<void> | undefined
  private dirty = false
  private state: 'held' | 'open' | 'closed' = 'held'

  constructor(
    readonly path: string,
    private readonly snapshot: () => readonly BanRecord[],
    private readonly logger: Logger,
    private readonly delayMs = 500,
  ) {}

  /** Notes that the bans changed; they are written shortly. */
  changed(): void {
    this.dirty = true
    if (this.state !== 'open' || this.timer !== undefined) return
    this.timer = setTimeout(() => {
      this.timer = undefined
      void this.drain()
    }, this.delayMs)
  }

  /** Lets writes happen (after loading); a change made while held is written now. */
  open(): void {
    if (this.state !== 'held') return
    this.state = 'open'
    if (this.dirty) this.changed()
  }

  /** Writes what is pending now and accepts no more writes; a held writer (the file was unusable) writes nothing. */
  async close(): Promise<void> {
    const wasOpen = this.state === 'open'
    this.state = 'closed'
    clearTimeout(this.timer)
    this.timer = undefined
    if (wasOpen) await this.drain(true)
    else await this.writing
  }

  private async drain(closing = false): Promise<void> {
    while (this.writing !== undefined) await this.writing
    if (!this.dirty || (this.state !== 'open' && !closing)) return
    this.dirty = false
    this.writing = this.write().finally(() => {
      this.writing = undefined
    })
    await this.writing
  }

  private async write(): Promise<void> {
    try {
      await writeBanFile(this.path, this.snapshot())
    } catch (error) {
      // Kept in memory all the same; the next change tries again.
      this.logger.error('could not write the ban file', { path: this.path, error: errorText(error) })
    }
  }
}
