import { P2PError } from '@p2p/domain'

export const PRE_SHARED_KEY_BYTES = 32

const HEX_DIGITS = PRE_SHARED_KEY_BYTES * 2
const KEY_FILE_HEADER = '/key/swarm/psk/1.0.0/'
const KEY_FILE_ENCODING = '/base16/'
const HEX_KEY = /^[0-9a-f]+$/i

/**
 * Reads the `p2p_shared_key` setting: either the 64 hex digits of the key, or the text of a v1 swarm
 * key file (`/key/swarm/psk/1.0.0/`, `/base16/`, the hex digits; one per line) as go-libp2p and
 * `@libp2p/pnet` write it. Error messages describe the problem but never quote the setting, since
 * whatever was typed there may be most of the key.
 */
export function parsePreSharedKey(setting: string): Uint8Array {
  const text = setting.trim()
  if (text.length === 0) throw invalid('it is empty')
  const lines = text.split(/\r\n|\r|\n/).map((line) => line.trim())
  if (lines.length === 1) return keyFromHex(text)
  if (lines[0] !== KEY_FILE_HEADER) {
    throw invalid(`it has several lines, but the first is not the v1 key file header ${KEY_FILE_HEADER}`)
  }
  if (lines[1] !== KEY_FILE_ENCODING) {
    throw invalid(`the key file's second line must be ${KEY_FILE_ENCODING}, the only encoding supported`)
  }
  if (lines.length !== 3) throw invalid('the key file must hold exactly one key line after its two headers')
  return keyFromHex(lines[2] ?? '')
}

function keyFromHex(hex: string): Uint8Array {
  if (!HEX_KEY.test(hex)) throw invalid('the key holds characters other than hex digits')
  if (hex.length !== HEX_DIGITS) {
    throw invalid(
      `the key has ${hex.length} hex digits, expected ${HEX_DIGITS} (${PRE_SHARED_KEY_BYTES} bytes)`,
    )
  }
  return Uint8Array.from(Buffer.from(hex, 'hex'))
}

function invalid(reason: string): P2PError {
  return new P2PError('invalid_config', `invalid shared key (p2p_shared_key): ${reason}`)
}
