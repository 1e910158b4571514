import { parseBlockHeader, unwrap } from '@p2p/domain'
import { describe, expect, it } from 'vitest'
import { aHeaderRecord } from './header-mothers.js'
import { aHash } from './identity-mothers.js'

describe('aHeaderRecord', () => {
  it('builds info whose hash and previous hash are those of its 80 header bytes', () => {
    const previousHash = aHash()
    const { info, header } = aHeaderRecord({ previousHash, height: 7 })
    const parsed = unwrap(parseBlockHeader(header))
    expect(header).toHaveLength(80)
    expect(info.hash).toBe(parsed.hash)
    expect(info.previousHash).toBe(previousHash)
    expect(parsed.previousHash).toBe(previousHash)
    expect(info.height).toBe(7)
  })

  it('differs on every call', () => {
    expect(aHeaderRecord().info.hash).not.toBe(aHeaderRecord().info.hash)
  })
})
