import { dirname, join } from 'node:path'
import type { Logger } from '@p2p/domain'
import { errorText } from '../util/error-text.js'
import { writeBanFile } from './ban-file.js'
import { appendBanJournal, DEFAULT_BAN_JOURNAL_NAME, journalLine, removeBanJournal } from './ban-journal.js'
import type { BanRecord } from './ban-scores.js'

/** Below this the journal is never compacted: a few hundred bans are one small append each. */
const MIN_COMPACT_BYTES = 256 * 1024

export interface BanFileWriterDeps {
  /** Every ban held now: what a whole rewrite of the ban file writes. */
  readonly snapshot: () => readonly BanRecord[]
  readonly logger: Logger
}

export interface BanFileWriterOptions {
  /** The ban file; the journal sits next to it. */
  readonly path: string
  /** How long a burst of bans is gathered before one write; 500 ms when left out. */
  readonly delayMs?: number | undefined
  /** Journal size below which it is never compacted; 256 KiB when left out. */
  readonly minCompactBytes?: number | undefined
}

/**
 * Persists bans incrementally: each new ban is one line appended to `bans.journal`, and the ban
 * file is rewritten whole (from `snapshot`) only to compact, when the journal outgrows the last
 * ban file (so every ban costs its line about twice, however many are held), at close, and when
 * asked after loading. Rewriting the whole file for every change was 2 s event-loop stalls and
 * hundreds of MB at 500k bans. A burst is coalesced into one write after `delayMs`; one write at a
 * time. Starts held: nothing is written before the old files were loaded, or a ban made before
 * start would replace the earlier run's bans.
 */
export class BanFileWriter {
  readonly journalPath: string
  private pending: string[] = []
  private journalBytes = 0
  private fileBytes = 0
  private compactNeeded = false
  private timer: NodeJS.Timeout | undefined
  private writing: Promise<void> | undefined
  private state: 'held' | 'open' | 'closed' = 'held'

  readonly path: string
  private readonly snapshot: () => readonly BanRecord[]
  private readonly logger: Logger
  private readonly delayMs: number
  private readonly minCompactBytes: number

  constructor(deps: BanFileWriterDeps, options: BanFileWriterOptions) {
    this.snapshot = deps.snapshot
    this.logger = deps.logger
    this.path = options.path
    this.delayMs = options.delayMs ?? 500
    this.minCompactBytes = options.minCompactBytes ?? MIN_COMPACT_BYTES
    this.journalPath = join(dirname(this.path), DEFAULT_BAN_JOURNAL_NAME)
  }

  /** Notes a new ban; it is appended shortly. */
  added(ban: BanRecord): void {
    if (this.state === 'closed') return
    // While held (possibly for the whole run, when the files are unusable) no lines pile up:
    // opening writes the ban file whole, and that carries these bans.
    if (this.state === 'held') this.compactNeeded = true
    else this.pending.push(journalLine(ban))
    this.schedule()
  }

  /** The next write rewrites the ban file whole and empties the journal (after loading one). */
  compact(): void {
    this.compactNeeded = true
    this.schedule()
  }

  /** Lets writes happen (after loading); what was noted while held is written now. */
  open(): void {
    if (this.state !== 'held') return
    this.state = 'open'
    this.schedule()
  }

  /** Leaves the ban file whole and no journal, if anything changed; a held writer writes nothing. */
  async close(): Promise<void> {
    const wasOpen = this.state === 'open'
    this.state = 'closed'
    clearTimeout(this.timer)
    this.timer = undefined
    while (this.writing !== undefined) await this.writing
    if (!wasOpen || !this.dirty()) return
    this.compactNeeded = true
    await this.write()
  }

  /** Bytes appended to the journal since the ban file was last written (diagnostics, tests). */
  get journalSize(): number {
    return this.journalBytes
  }

  private dirty(): boolean {
    return this.pending.length > 0 || this.journalBytes > 0 || this.compactNeeded
  }

  private schedule(): void {
    if (this.state !== 'open' || this.timer !== undefined || !this.dirty()) return
    this.timer = setTimeout(() => {
      this.timer = undefined
      void this.drain()
    }, this.delayMs)
  }

  private async drain(): Promise<void> {
    while (this.writing !== undefined) await this.writing
    if (this.state !== 'open' || !this.dirty()) return
    this.writing = this.write().finally(() => {
      this.writing = undefined
    })
    await this.writing
    // Bans noted during the write wait for the next turn; a failed write waits for the next ban,
    // rather than retrying (and logging) every turn.
    if (this.pending.length > 0) this.schedule()
  }

  private async write(): Promise<void> {
    const text = this.pending.join('')
    this.pending = []
    if (!this.compactNeeded && text.length > 0) {
      try {
        await appendBanJournal(this.journalPath, text)
        this.journalBytes += Buffer.byteLength(text)
      } catch (error) {
        // Kept in memory all the same; the ban file written whole carries them instead.
        this.logger.error('could not append to the ban journal', {
          path: this.journalPath,
          error: errorText(error),
        })
        this.compactNeeded = true
      }
    }
    if (this.compactNeeded || this.journalBytes > Math.max(this.minCompactBytes, this.fileBytes)) {
      await this.rewrite()
    }
  }

  /** The ban file first, then the journal goes: a crash between them loads some bans twice, harmlessly. */
  private async rewrite(): Promise<void> {
    try {
      this.fileBytes = await writeBanFile(this.path, this.snapshot())
      await removeBanJournal(this.journalPath)
      this.journalBytes = 0
      this.compactNeeded = false
    } catch (error) {
      this.logger.error('could not write the ban file', { path: this.path, error: errorText(error) })
      this.compactNeeded = true
    }
  }
}
