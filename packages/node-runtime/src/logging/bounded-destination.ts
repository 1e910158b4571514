import { pino } from 'pino'

/**
 * How much log output may wait for a slow or stalled standard output. At a few hundred bytes a
 * line this is ten thousand lines or more: enough to ride out a burst, small beside the node.
 */
export const DEFAULT_LOG_BUFFER_BYTES = 4 * 1024 * 1024

/** While the destination stays saturated, how often the lines dropped so far are reported. */
const REPORT_INTERVAL_MS = 10_000

type SonicBoom = ReturnType<typeof pino.destination>

export interface BoundedDestinationDeps {
  /** When the last report was; `Date.now` when absent. */
  readonly now?: () => number
}

export interface BoundedDestinationOptions {
  /** The file descriptor written to; standard output when absent. */
  readonly fd?: number
  /** Bytes buffered before lines are dropped. */
  readonly maxBufferedBytes?: number
}

/**
 * A file descriptor (standard output) as pino's asynchronous destination, with a bound on what
 * it buffers. pino's own destination (sonic-boom) buffers everything a stalled reader does not
 * take, so a pipe nobody reads grows the process without end; sonic-boom's `maxLength` drops
 * any write past the bound instead and emits `drop`. Each dropped line is counted here, and
 * the count is handed to `report` (which logs it) once the buffer has drained, or every
 * REPORT_INTERVAL_MS while it stays full, so the operator learns of the gap from the log itself.
 * No timer: reports ride on the destination's own `drain` and `write` events.
 */
export class BoundedDestination {
  readonly stream: SonicBoom
  /** Called with the lines dropped since the last report; it logs one line through the stream. */
  report: (dropped: number) => void = () => {}
  private readonly now: () => number
  private pending = 0
  private total = 0
  private lastReportMs: number
  private reporting = false
  private reportQueued = false

  constructor(deps: BoundedDestinationDeps = {}, options: BoundedDestinationOptions = {}) {
    this.now = deps.now ?? Date.now
    this.lastReportMs = this.now()
    this.stream = pino.destination({
      dest: options.fd ?? 1,
      sync: false,
      minLength: 0,
      maxLength: options.maxBufferedBytes ?? DEFAULT_LOG_BUFFER_BYTES,
    })
    this.stream.on('drop', () => this.dropped())
    this.stream.on('drain', () => this.flushReport())
    this.stream.on('write', () => {
      if (this.pending > 0 && this.now() - this.lastReportMs >= REPORT_INTERVAL_MS) this.queueReport()
    })
  }

  /** Lines dropped since the destination was created. */
  get droppedLines(): number {
    return this.total
  }

  private dropped(): void {
    // The report itself did not fit: its lines stay pending for the next one.
    if (this.reporting) return
    if (this.pending === 0) this.lastReportMs = this.now()
    this.pending++
    this.total++
  }

  /** `write` is emitted while sonic-boom is mid-release; report once it has finished. */
  private queueReport(): void {
    if (this.reportQueued) return
    this.reportQueued = true
    queueMicrotask(() => {
      this.reportQueued = false
      this.flushReport()
    })
  }

  private flushReport(): void {
    // A destroyed sonic-boom throws on write (its type does not declare the flag it keeps).
    if (this.pending === 0 || (this.stream as { destroyed?: boolean }).destroyed === true) return
    const dropped = this.pending
    this.pending = 0
    this.lastReportMs = this.now()
    this.reporting = true
    let fitted = true
    const onDrop = () => {
      fitted = false
    }
    this.stream.once('drop', onDrop)
    try {
      this.report(dropped)
    } finally {
      this.stream.off('drop', onDrop)
      this.reporting = false
    }
    if (!fitted) this.pending += dropped
  }
}
