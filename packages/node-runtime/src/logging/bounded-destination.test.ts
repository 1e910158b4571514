import { closeSync, openSync } from 'node:fs'
import { waitFor } from '@p2p/testkit'
import { afterEach, describe, expect, it } from 'vitest'
import { BoundedDestination } from './bounded-destination.js'

describe('BoundedDestination', () => {
  const fds: number[] = []
  afterEach(() => {
    for (const fd of fds.splice(0)) closeSync(fd)
  })

  function onDevNull(maxBufferedBytes: number) {
    const fd = openSync('/dev/null', 'w')
    fds.push(fd)
    const destination = new BoundedDestination({}, { fd, maxBufferedBytes })
    const reports: number[] = []
    destination.report = (dropped) => {
      reports.push(dropped)
      destination.stream.write(`{"dropped":${dropped}}\n`)
    }
    return { destination, reports }
  }

  it('drops what does not fit while a write is in flight, and reports the count once drained', async () => {
    const { destination, reports } = onDevNull(200)
    // Writes are asynchronous: within one turn nothing is released, so past 200 bytes all is dropped.
    for (let i = 0; i < 100; i++) destination.stream.write(`${'x'.repeat(48)}\n`)
    expect(destination.droppedLines).toBe(96)
    await waitFor(() => reports.length > 0, { what: 'the report' })
    expect(reports).toEqual([96])
    expect(destination.droppedLines).toBe(96)
  })

  it('keeps the count for the next report when the report itself does not fit', async () => {
    const { destination, reports } = onDevNull(60)
    destination.report = (dropped) => {
      reports.push(dropped)
      // Too long for the bound: dropped, so the lines stay pending.
      destination.stream.write(`${'r'.repeat(100)}\n`)
    }
    destination.stream.write(`${'x'.repeat(48)}\n`)
    destination.stream.write(`${'x'.repeat(48)}\n`)
    await waitFor(() => reports.length > 0, { what: 'the first report' })
    destination.stream.write(`${'x'.repeat(48)}\n`)
    destination.stream.write(`${'x'.repeat(48)}\n`)
    await waitFor(() => reports.length > 1, { what: 'the second report' })
    expect(reports.slice(0, 2)).toEqual([1, 2])
    expect(destination.droppedLines).toBe(2)
  })
})
