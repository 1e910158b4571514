import { type KeyStore, RAW_ED25519_KEY_BYTES } from '@p2p/domain'
import { describe, expect, it } from 'vitest'
import { aRawKey } from '../mothers/identity-mothers.js'
import { randomBytes } from '../mothers/random.js'
import { expectCodedRejection } from './coded-rejection.js'
import { type Cleanup, useHarness } from './use-harness.js'

/** A KeyStore under test, starting empty, and a way to damage what it keeps. */
export interface KeyStoreHarness extends Cleanup {
  readonly store: KeyStore
  /** Replaces what is stored with data that is not a valid key (for a file store: garbage in the file). */
  corrupt(): Promise<void>
}

const WRONG_LENGTHS = [
  0,
  1,
  32,
  RAW_ED25519_KEY_BYTES - 1,
  RAW_ED25519_KEY_BYTES + 1,
  2 * RAW_ED25519_KEY_BYTES,
]

export function describeKeyStoreCompliance(name: string, setup: () => Promise<KeyStoreHarness>): void {
  describe(`${name} (KeyStore compliance)`, () => {
    const harness = useHarness(setup)

    it('loads nothing before a key is saved', async () => {
      expect(await harness().store.load()).toBeUndefined()
    })

    it('loads the same 64 bytes it saved', async () => {
      const { store } = harness()
      const key = aRawKey()
      await store.save(key)
      const loaded = await store.load()
      expect(loaded).toBeInstanceOf(Uint8Array)
      expect(Array.from(loaded ?? [])).toEqual(Array.from(key))
    })

    it('replaces the key on a second save', async () => {
      const { store } = harness()
      await store.save(aRawKey())
      const second = aRawKey()
      await store.save(second)
      expect(Array.from((await store.load()) ?? [])).toEqual(Array.from(second))
    })

    it('is not changed by callers reusing the buffers they passed or got', async () => {
      const { store } = harness()
      const key = aRawKey()
      const expected = Array.from(key)
      await store.save(key)
      key.fill(0)
      const loaded = await store.load()
      loaded?.fill(0)
      expect(Array.from((await store.load()) ?? [])).toEqual(expected)
    })

    it('rejects a key of the wrong length with invalid_key and keeps the stored one', async () => {
      const { store } = harness()
      const key = aRawKey()
      await store.save(key)
      for (const length of WRONG_LENGTHS) {
        await expectCodedRejection(store.save(randomBytes(length)), 'invalid_key')
      }
      expect(Array.from((await store.load()) ?? [])).toEqual(Array.from(key))
    })

    it('rejects a load of corrupt data with invalid_key, until a good key is saved', async () => {
      const h = harness()
      await h.store.save(aRawKey())
      await h.corrupt()
      await expectCodedRejection(h.store.load(), 'invalid_key')
      const fresh = aRawKey()
      await h.store.save(fresh)
      expect(Array.from((await h.store.load()) ?? [])).toEqual(Array.from(fresh))
    })
  })
}
