import { afterEach, beforeEach } from 'vitest'

export interface Cleanup {
  /** Stops whatever the harness started (test servers, temp dirs); called after every test. */
  cleanup(): Promise<void>
}

/**
 * A fresh harness per test: built in beforeEach, torn down in afterEach (after `teardown`, even
 * if it fails). Returns a getter because the harness only exists while a test runs.
 */
export function useHarness<H extends Cleanup>(
  setup: () => Promise<H>,
  teardown?: (harness: H) => Promise<void>,
): () => H {
  let current: H | undefined
  beforeEach(async () => {
    current = await setup()
  })
  afterEach(async () => {
    const harness = current
    current = undefined
    if (harness === undefined) return
    try {
      await teardown?.(harness)
    } finally {
      await harness.cleanup()
    }
  })
  return () => {
    if (current === undefined) throw new Error('the compliance harness is only available inside a test')
    return current
  }
}
