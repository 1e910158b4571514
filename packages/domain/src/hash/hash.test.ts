import { describe, expect, it } from 'vitest'
import { hashFromHex, hashFromInternalBytes, hashToInternalBytes } from './hash.js'

describe('hash byte order', () => {
  it('reverses between display hex and internal bytes', () => {
    const internal = Uint8Array.from({ length: 32 }, (_, i) => i)
    const hash = hashFromInternalBytes(internal)
    expect(hash.startsWith('1f1e1d')).toBe(true)
    expect(hashToInternalBytes(hash)).toEqual(internal)
    expect(hashFromHex(hash.toUpperCase())).toBe(hash)
  })
})
