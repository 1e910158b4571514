import type { Startable, UpstreamStatus } from '@p2p/domain'
import { expect, it } from 'vitest'
import { waitFor } from '../assert/wait-for.js'

export interface UpstreamComponent extends Startable {
  status(): UpstreamStatus
}

/** The lifecycle every upstream adapter shares; registered inside a port's describe block. */
export function upstreamLifecycleTests(component: () => UpstreamComponent): void {
  it('is not up before start', () => {
    const status = component().status()
    expect(['connecting', 'down']).toContain(status.state)
    expect(Number.isFinite(status.sinceMs)).toBe(true)
  })

  it('is up after start', async () => {
    const c = component()
    await c.start()
    await waitFor(() => c.status().state === 'up', { what: 'status up after start' })
    expect(c.status().detail).toBeUndefined()
  })

  it('stops idempotently and is down after stop', async () => {
    const c = component()
    await c.start()
    await c.stop()
    await c.stop()
    expect(c.status().state).toBe('down')
  })

  it('stops without having started', async () => {
    const c = component()
    await expect(c.stop()).resolves.toBeUndefined()
    expect(c.status().state).not.toBe('up')
  })
}
