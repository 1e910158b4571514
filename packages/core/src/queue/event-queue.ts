import type { InputSource } from '@p2p/domain'
import type { InputGuard } from '../input-guard.js'
import { BoundedQueue } from './bounded-queue.js'

/**
 * A one-at-a-time queue for events from one of our node services: they are handled in the
 * order they came, and a dropped or failed event is reported against its source.
 */
export function eventQueue<T>(options: {
  readonly source: InputSource
  readonly guard: InputGuard
  readonly limit: number
  readonly run: (event: T) => Promise<void>
  /** What identifies an event in a log line. */
  readonly describe: (event: T) => Readonly<Record<string, unknown>>
}): BoundedQueue<T> {
  const { source, guard, limit, run, describe } = options
  return new BoundedQueue<T>({
    concurrency: 1,
    limit,
    run,
    onDrop: (event, reason) => guard.dropped(source, reason, describe(event)),
    onError: (event, error) => guard.refused(source, error, describe(event)),
  })
}
