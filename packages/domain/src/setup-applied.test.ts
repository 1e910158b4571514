import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { DOMAIN_DEFAULT_RUNS } from '../test/setup.js'

// Proves packages/domain/vitest.config.ts → setupFiles is applied: fast-check's own default is
// 100 runs, the domain's setup raises it (or FC_RUNS overrides it).
describe('domain test setup', () => {
  it('configures fast-check for the domain', () => {
    const expected = process.env.FC_RUNS === undefined ? DOMAIN_DEFAULT_RUNS : Number(process.env.FC_RUNS)
    expect(fc.readConfigureGlobal().numRuns).toBe(expected)
    expect(expected).not.toBe(100)
  })
})
