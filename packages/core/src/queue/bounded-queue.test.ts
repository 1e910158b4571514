import { describe, expect, it } from 'vitest'
import { BoundedQueue } from './bounded-queue.js'

/** A job that finishes only when the test says so. */
function gate() {
  let open!: () => void
  const opened = new Promise<void>((resolve) => {
    open = resolve
  })
  return { open, opened }
}

function harness(concurrency: number, limit: number) {
  const started: number[] = []
  const dropped: Array<[number, string]> = []
  const errors: number[] = []
  const gates = new Map<number, ReturnType<typeof gate>>()
  const queue = new BoundedQueue<number>({
    concurrency,
    limit,
    run: (job) => {
      started.push(job)
      const g = gate()
      gates.set(job, g)
      return job < 0 ? Promise.reject(new Error('boom')) : g.opened
    },
    onDrop: (job, reason) => dropped.push([job, reason]),
    onError: (job) => errors.push(job),
  })
  return { queue, started, dropped, errors, finish: (job: number) => gates.get(job)?.open() }
}

describe('BoundedQueue', () => {
  it('runs at most `concurrency` jobs and starts the next when one finishes, in order', async () => {
    const { queue, started, finish } = harness(2, 10)
    for (const job of [1, 2, 3, 4]) queue.push(job)
    expect(started).toEqual([1, 2])
    expect(queue.size).toBe(2)
    finish(1)
    await Promise.resolve()
    await Promise.resolve()
    expect(started).toEqual([1, 2, 3])
    finish(2)
    finish(3)
    await new Promise((r) => setImmediate(r))
    expect(started).toEqual([1, 2, 3, 4])
  })

  it('drops the oldest waiting job when the backlog is full, and reports it', () => {
    const { queue, started, dropped } = harness(1, 2)
    for (const job of [1, 2, 3, 4, 5]) queue.push(job)
    expect(started).toEqual([1])
    expect(dropped).toEqual([
      [2, 'full'],
      [3, 'full'],
    ])
    expect(queue.size).toBe(2)
  })

  it('with no backlog allowed, refuses the newcomer while all slots are busy', () => {
    const { queue, dropped } = harness(1, 0)
    expect(queue.push(1)).toBe(true)
    expect(queue.push(2)).toBe(false)
    expect(dropped).toEqual([[2, 'full']])
  })

  it('reports a job that rejects and carries on', async () => {
    const { queue, started, errors } = harness(1, 5)
    queue.push(-1)
    queue.push(7)
    await new Promise((r) => setImmediate(r))
    expect(errors).toEqual([-1])
    expect(started).toEqual([-1, 7])
  })

  it('close drops what waits, refuses new jobs, and resolves once running jobs settle', async () => {
    const { queue, dropped, finish } = harness(1, 5)
    queue.push(1)
    queue.push(2)
    let closed = false
    const closing = queue.close().then(() => {
      closed = true
    })
    expect(dropped).toEqual([[2, 'closed']])
    expect(queue.push(3)).toBe(false)
    await new Promise((r) => setImmediate(r))
    expect(closed).toBe(false)
    finish(1)
    await closing
    expect(closed).toBe(true)
    expect(queue.inFlight).toBe(0)
  })

  it('refuses nonsense sizes', () => {
    expect(
      () =>
        new BoundedQueue({
          concurrency: 0,
          limit: 1,
          run: async () => {},
          onDrop: () => {},
          onError: () => {},
        }),
    ).toThrow(RangeError)
  })
})
