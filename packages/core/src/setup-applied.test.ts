import { P2PError } from '@p2p/domain'
import { describe, expect, it } from 'vitest'

// Proves the per-package vitest setting (packages/core/vitest.config.ts → setupFiles) is applied:
// without the setup file, `toBeCodedError` does not exist and both assertions fail.
describe('core test setup', () => {
  it('installs the coded-error matcher', () => {
    expect(new P2PError('queue_full', 'full')).toBeCodedError('queue_full')
    expect(() => expect(new Error('plain')).toBeCodedError()).toThrow(/expected a P2PError/)
  })
})
