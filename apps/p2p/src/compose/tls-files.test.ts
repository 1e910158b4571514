import { generateKeyPairSync } from 'node:crypto'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { checkTlsFiles } from './tls-files.js'

// The HTTP face's test pair: a self-signed certificate and its key.
const CERT = fileURLToPath(
  new URL('../../../../packages/http-face/test/fixtures/test-cert.pem', import.meta.url),
)
const KEY = fileURLToPath(
  new URL('../../../../packages/http-face/test/fixtures/test-key.pem', import.meta.url),
)

async function refusal(checking: Promise<void>): Promise<Error & { code?: string }> {
  try {
    await checking
  } catch (error) {
    return error as Error & { code?: string }
  }
  throw new Error('expected the TLS files to be refused')
}

describe('checkTlsFiles', () => {
  let dir: string
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'p2p-tls-'))
  })
  afterEach(() => rm(dir, { recursive: true, force: true }))

  it('accepts a certificate with its key', async () => {
    await expect(checkTlsFiles(CERT, KEY)).resolves.toBeUndefined()
  })

  it('refuses a garbage certificate, naming server_certFile and the path', async () => {
    const garbage = join(dir, 'cert.pem')
    await writeFile(garbage, 'garbage\n')
    const error = await refusal(checkTlsFiles(garbage, KEY))
    expect(error.code).toBe('invalid_config')
    expect(error.message).toBe(
      `server_certFile=${garbage} is not a PEM certificate (ERR_OSSL_PEM_NO_START_LINE)`,
    )
  })

  it('refuses a garbage key, naming server_keyFile, without quoting the file', async () => {
    const garbage = join(dir, 'key.pem')
    await writeFile(garbage, 'secret-looking garbage\n')
    const error = await refusal(checkTlsFiles(CERT, garbage))
    expect(error.message).toMatch(new RegExp(`^server_keyFile=${garbage} is not a PEM private key`))
    expect(error.message).not.toContain('secret-looking')
  })

  it('refuses a key that is not the certificate’s', async () => {
    const other = join(dir, 'other-key.pem')
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' })
    await writeFile(other, privateKey.export({ type: 'pkcs8', format: 'pem' }))
    const error = await refusal(checkTlsFiles(CERT, other))
    expect(error.message).toBe(
      `server_keyFile=${other} is not the key of the certificate in server_certFile=${CERT}`,
    )
  })

  it('refuses a missing file and a directory, naming the setting', async () => {
    const missing = join(dir, 'missing.pem')
    expect((await refusal(checkTlsFiles(missing, KEY))).message).toBe(
      `server_certFile=${missing} cannot be read (ENOENT)`,
    )
    expect((await refusal(checkTlsFiles(CERT, dir))).message).toBe(
      `server_keyFile=${dir} is not a regular file`,
    )
  })
})
