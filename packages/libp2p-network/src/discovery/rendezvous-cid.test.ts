import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { rendezvousCid } from './rendezvous-cid.js'

describe('rendezvousCid', () => {
  it('is CIDv1, raw codec (0x55), over the sha2-256 multihash (0x12, 32 bytes) of the name', async () => {
    const name = 'github.com/bitcoin-sv/ubsv-block'
    const cid = await rendezvousCid(name)
    const digest = createHash('sha256').update(name).digest()
    // The binary CID go-libp2p builds with cid.NewCidV1(cid.Raw, mh.Sum(name, SHA2_256)).
    const expected = Uint8Array.from([0x01, 0x55, 0x12, 0x20, ...digest])
    expect(Array.from(cid.bytes)).toEqual(Array.from(expected))
    expect(cid.version).toBe(1)
    expect(cid.code).toBe(0x55)
  })

  it('differs per topic name and is stable across calls', async () => {
    const a = await rendezvousCid('x-block')
    const b = await rendezvousCid('x-subtree')
    expect(a.equals(b)).toBe(false)
    expect((await rendezvousCid('x-block')).equals(a)).toBe(true)
    expect(a.toString()).toMatch(/^bafkrei[a-z2-7]{52}$/)
  })
})
