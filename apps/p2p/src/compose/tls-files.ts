import { createPrivateKey, type KeyObject, X509Certificate } from 'node:crypto'
import { readFile, stat } from 'node:fs/promises'
import { P2PError } from '@p2p/domain'

/** A certificate chain or key is a few KiB; anything far beyond is not one. */
const TLS_FILE_MAX_BYTES = 1024 * 1024

/**
 * Checks `server_certFile` and `server_keyFile` before anything starts: a PEM certificate, a PEM
 * private key, and the one belonging to the other. Node's own failure ("PEM routines::no start
 * line") names neither setting nor file.
 */
export async function checkTlsFiles(certFile: string, keyFile: string): Promise<void> {
  const certText = await readTlsFile('server_certFile', certFile)
  const keyText = await readTlsFile('server_keyFile', keyFile)
  let certificate: X509Certificate
  try {
    certificate = new X509Certificate(certText)
  } catch (error) {
    throw refused('server_certFile', certFile, `is not a PEM certificate (${reasonOf(error)})`, error)
  }
  let key: KeyObject
  try {
    key = createPrivateKey(keyText)
  } catch (error) {
    // The reason is OpenSSL's, about the format; it never quotes the key.
    throw refused('server_keyFile', keyFile, `is not a PEM private key (${reasonOf(error)})`, error)
  }
  if (!certificate.checkPrivateKey(key)) {
    throw refused(
      'server_keyFile',
      keyFile,
      `is not the key of the certificate in server_certFile=${certFile}`,
    )
  }
}

async function readTlsFile(setting: string, path: string): Promise<Buffer> {
  try {
    const info = await stat(path)
    if (!info.isFile()) throw refused(setting, path, 'is not a regular file')
    if (info.size > TLS_FILE_MAX_BYTES) throw refused(setting, path, `is ${info.size} bytes, too large`)
    return await readFile(path)
  } catch (error) {
    if (error instanceof P2PError) throw error
    throw refused(setting, path, `cannot be read (${reasonOf(error)})`, error)
  }
}

function refused(setting: string, path: string, problem: string, cause?: unknown): P2PError {
  return new P2PError('invalid_config', `${setting}=${path} ${problem}`, {
    context: { setting, path },
    ...(cause === undefined ? {} : { cause }),
  })
}

function reasonOf(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code
  if (typeof code === 'string' && code.startsWith('E')) return code
  return error instanceof Error ? error.message : String(error)
}
