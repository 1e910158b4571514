import { execFileSync } from 'node:child_process'
import {
  chmod,
  lstat,
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  rm,
  stat,
  symlink,
  writeFile,
} from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { generateKeyPair, privateKeyToProtobuf } from '@libp2p/crypto/keys'
import { describeKeyStoreCompliance, expectCodedRejection, MemoryLogger } from '@p2p/testkit'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { FileKeyStore } from './file-key-store.js'
import { rawKeyFromPrivateKey } from './raw-key.js'

const GARBAGE = 'this is not a key\n'

async function makeTempDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'file-key-store-'))
}

// The suite stores random bytes, not real key pairs, so the pair check is off for it alone.
describeKeyStoreCompliance('FileKeyStore', async () => {
  const dir = await makeTempDir()
  const store = new FileKeyStore({}, { dir, verifyKeyPair: false })
  return {
    store,
    corrupt: () => writeFile(store.path, GARBAGE),
    cleanup: () => rm(dir, { recursive: true, force: true }),
  }
})

async function aRealRawKey(): Promise<Uint8Array> {
  return rawKeyFromPrivateKey(await generateKeyPair('Ed25519'))
}

function mismatchedRawKey(rawKey: Uint8Array): Uint8Array {
  const broken = rawKey.slice()
  broken[63] = (broken[63] ?? 0) ^ 0xff
  return broken
}

describe('FileKeyStore', () => {
  let dir: string
  let store: FileKeyStore

  beforeEach(async () => {
    dir = await makeTempDir()
    store = new FileKeyStore({}, { dir })
  })

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true })
  })

  it('writes p2p.key as hex text with a newline, mode 0600', async () => {
    const key = await aRealRawKey()
    await store.save(key)
    expect(store.path).toBe(join(dir, 'p2p.key'))
    expect(await readFile(store.path, 'utf8')).toBe(`${Buffer.from(key).toString('hex')}\n`)
    expect((await stat(store.path)).mode & 0o777).toBe(0o600)
  })

  it('keeps mode 0600 whatever the umask', async () => {
    const previous = process.umask(0o000)
    try {
      await store.save(await aRealRawKey())
    } finally {
      process.umask(previous)
    }
    expect((await stat(store.path)).mode & 0o777).toBe(0o600)
  })

  it('creates a missing data directory, private to the owner, and uses a custom file name', async () => {
    const nested = join(dir, 'a', 'b')
    const custom = new FileKeyStore({}, { dir: nested, fileName: 'node.key' })
    await custom.save(await aRealRawKey())
    expect(custom.path).toBe(join(nested, 'node.key'))
    expect((await stat(nested)).mode & 0o077).toBe(0)
  })

  it('leaves no temp files behind', async () => {
    await store.save(await aRealRawKey())
    await store.save(await aRealRawKey())
    expect(await readdir(dir)).toEqual(['p2p.key'])
  })

  it('reads hex with surrounding whitespace and upper-case digits', async () => {
    const key = await aRealRawKey()
    await writeFile(store.path, `  ${Buffer.from(key).toString('hex').toUpperCase()}\r\n\n`)
    expect(Array.from((await store.load()) ?? [])).toEqual(Array.from(key))
  })

  it('reads a protobuf-marshalled key written by @libp2p/crypto', async () => {
    const privateKey = await generateKeyPair('Ed25519')
    await writeFile(store.path, privateKeyToProtobuf(privateKey))
    expect(Array.from((await store.load()) ?? [])).toEqual(Array.from(privateKey.raw))
  })

  it('reads the older protobuf form with the public key repeated (96 bytes)', async () => {
    const privateKey = await generateKeyPair('Ed25519')
    const data = new Uint8Array([...privateKey.raw, ...privateKey.publicKey.raw])
    await writeFile(store.path, new Uint8Array([0x08, 0x01, 0x12, data.length, ...data]))
    expect(Array.from((await store.load()) ?? [])).toEqual(Array.from(privateKey.raw))
  })

  it('rejects a non-Ed25519 protobuf key with invalid_key, naming the type and the file', async () => {
    await writeFile(store.path, privateKeyToProtobuf(await generateKeyPair('secp256k1')))
    const error = await expectCodedRejection(store.load(), 'invalid_key')
    expect(error.message).toContain(store.path)
    expect(error.message).toContain('secp256k1')
  })

  it('rejects a hex key whose public half does not match its seed, without echoing it', async () => {
    const broken = mismatchedRawKey(await aRealRawKey())
    const hex = Buffer.from(broken).toString('hex')
    await writeFile(store.path, hex)
    const error = await expectCodedRejection(store.load(), 'invalid_key')
    expect(error.message).toContain(store.path)
    expect(error.message).toMatch(/does not match its seed/)
    expect(error.message).not.toContain(hex.slice(0, 16))
  })

  it('rejects a protobuf key whose public half does not match its seed', async () => {
    const broken = mismatchedRawKey(await aRealRawKey())
    await writeFile(store.path, new Uint8Array([0x08, 0x01, 0x12, 0x40, ...broken]))
    await expectCodedRejection(store.load(), 'invalid_key')
  })

  it('refuses to save a mismatched key pair', async () => {
    await expectCodedRejection(store.save(mismatchedRawKey(await aRealRawKey())), 'invalid_key')
    expect(await store.load()).toBeUndefined()
  })

  it.each([
    ['empty', '', /is empty/],
    ['short hex', 'abcd'.repeat(8), /holds 32 hex digits, expected 128/],
    ['long hex', 'ab'.repeat(65), /holds 130 hex digits/],
    ['garbage', GARBAGE, /neither 128 hex digits nor a libp2p protobuf/],
  ])('rejects a %s file with invalid_key naming what is wrong', async (_name, content, problem) => {
    await writeFile(store.path, content)
    const error = await expectCodedRejection(store.load(), 'invalid_key')
    expect(error.message).toContain(store.path)
    expect(error.message).toMatch(problem)
    expect(error.context).toEqual({ path: store.path })
  })

  it('does not overwrite a corrupt file when loading', async () => {
    await writeFile(store.path, GARBAGE)
    await expectCodedRejection(store.load(), 'invalid_key')
    await expectCodedRejection(store.load(), 'invalid_key')
    expect(await readFile(store.path, 'utf8')).toBe(GARBAGE)
  })

  it('reports an unreadable key file with invalid_key and its path', async () => {
    await mkdir(store.path)
    const error = await expectCodedRejection(store.load(), 'invalid_key')
    expect(error.message).toContain(store.path)
    expect(error.message).toContain('is not a regular file (a directory)')
  })

  it('refuses a key file that is a FIFO at once, instead of waiting for a writer', async () => {
    execFileSync('mkfifo', [store.path])
    const error = await expectCodedRejection(store.load(), 'invalid_key')
    expect(error.message).toBe(
      `the key file ${store.path} (p2p_peer_cache_dir) is not a regular file (a FIFO)`,
    )
  })

  it('refuses a key file linked to /dev/zero without reading it', async () => {
    await symlink('/dev/zero', store.path)
    const error = await expectCodedRejection(store.load(), 'invalid_key')
    expect(error.message).toContain('is not a regular file (a character device)')
  })

  it('refuses a key file too large to be a key', async () => {
    await writeFile(store.path, 'a'.repeat(5000))
    const error = await expectCodedRejection(store.load(), 'invalid_key')
    expect(error.message).toContain('is 5000 bytes; at most 4096 are expected')
  })

  it('refuses a dangling link instead of replacing it with a new identity', async () => {
    const target = join(dir, 'keys', 'p2p.key')
    await symlink(target, store.path)
    const error = await expectCodedRejection(store.load(), 'invalid_key')
    expect(error.message).toContain(`the key file ${store.path} (p2p_peer_cache_dir) is a symbolic link`)
    expect(error.message).toContain('restore its target or remove the link')
    await expectCodedRejection(store.save(await aRealRawKey()), 'invalid_key')
    expect((await lstat(store.path)).isSymbolicLink()).toBe(true)
    expect(await readdir(dir)).toEqual(['p2p.key'])
  })

  it('reads a key through a link to a regular file, and never saves over the link', async () => {
    const key = await aRealRawKey()
    const target = join(dir, 'real.key')
    await writeFile(target, `${Buffer.from(key).toString('hex')}\n`, { mode: 0o600 })
    await symlink(target, store.path)
    expect(await store.load()).toEqual(key)
    const error = await expectCodedRejection(store.save(await aRealRawKey()), 'invalid_key')
    expect(error.message).toContain('refusing to replace the key it points to')
    expect(await store.load()).toEqual(key)
  })

  it('warns about a key file others can read, and still uses it', async () => {
    const logger = new MemoryLogger()
    const logged = new FileKeyStore({ logger }, { dir })
    const key = await aRealRawKey()
    await logged.save(key)
    await chmod(logged.path, 0o644)
    expect(await logged.load()).toEqual(key)
    expect(
      logger.find('warn', 'the key file can be read by others: anyone who reads it can act as this node')
        ?.context,
    ).toMatchObject({ path: logged.path, mode: '0644' })
  })

  it('removes the temp files of a killed save before it loads', async () => {
    const logger = new MemoryLogger()
    const logged = new FileKeyStore({ logger }, { dir })
    const leftover = `.p2p.key.${process.pid}.0f8fad5b-d9cb-469f-a165-70867728950e.tmp`
    const dead = '.p2p.key.999999999.7c9e6679-7425-40de-944b-e07fc1f90ae7.tmp'
    await writeFile(join(dir, leftover), 'half a key')
    await writeFile(join(dir, dead), 'half a key')
    await writeFile(join(dir, 'unrelated.tmp'), 'kept')
    expect(await logged.load()).toBeUndefined()
    expect((await readdir(dir)).sort()).toEqual(['unrelated.tmp'])
  })

  it('reports a key file that cannot be written with invalid_config and its path', async () => {
    await mkdir(store.path)
    const error = await expectCodedRejection(store.save(await aRealRawKey()), 'invalid_config')
    expect(error.message).toContain(store.path)
    expect(await readdir(dir)).toEqual(['p2p.key'])
  })
})
