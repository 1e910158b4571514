import { P2PError } from '@p2p/domain'
import { describe, expect, it } from 'vitest'
import { parsePreSharedKey } from './pre-shared-key.js'

const HEX = 'dffb7e3135399a8b1612b2aaca1c36a3a8ac2cd0cca51ceeb2ced87d308cac6d'
const BYTES = Uint8Array.from(Buffer.from(HEX, 'hex'))

function rejection(setting: string): P2PError {
  try {
    parsePreSharedKey(setting)
  } catch (error) {
    if (error instanceof P2PError) return error
    throw error
  }
  throw new Error('the setting was accepted')
}

describe('parsePreSharedKey', () => {
  it.each([
    ['lower-case hex', HEX],
    ['upper-case hex', HEX.toUpperCase()],
    ['hex with surrounding whitespace', `  \t${HEX}\n`],
    ['a key file with \\n', `/key/swarm/psk/1.0.0/\n/base16/\n${HEX}`],
    ['a key file with \\r\\n and a final newline', `/key/swarm/psk/1.0.0/\r\n/base16/\r\n${HEX}\r\n`],
    ['a key file with \\r', `/key/swarm/psk/1.0.0/\r/base16/\r${HEX.toUpperCase()}`],
  ])('accepts %s', (_, setting) => {
    expect(parsePreSharedKey(setting)).toEqual(BYTES)
  })

  it.each([
    ['empty', '', /empty/],
    ['only whitespace', ' \n ', /empty/],
    ['63 hex digits', HEX.slice(1), /63 hex digits, expected 64/],
    ['65 hex digits', `${HEX}a`, /65 hex digits, expected 64/],
    ['a non-hex character', `${HEX.slice(1)}g`, /other than hex digits/],
    ['hex with a 0x prefix', `0x${HEX.slice(2)}`, /other than hex digits/],
    ['a wrong key file header', `/key/swarm/psk/2.0.0/\n/base16/\n${HEX}`, /header/],
    ['the key on the first of several lines', `${HEX}\n/base16/`, /header/],
    [
      'a base64 key file',
      `/key/swarm/psk/1.0.0/\n/base64/\n${Buffer.from(BYTES).toString('base64')}`,
      /base16/,
    ],
    ['a key file without the key', '/key/swarm/psk/1.0.0/\n/base16/', /exactly one key line/],
    [
      'a key file with extra lines',
      `/key/swarm/psk/1.0.0/\n/base16/\n${HEX}\n${HEX}`,
      /exactly one key line/,
    ],
    ['a key file with a short key', `/key/swarm/psk/1.0.0/\n/base16/\n${HEX.slice(2)}`, /62 hex digits/],
  ])('rejects %s as invalid_config, without quoting it', (_, setting, reason) => {
    const error = rejection(setting)
    expect(error.code).toBe('invalid_config')
    expect(error.message).toMatch(reason)
    for (const fragment of [HEX.slice(8, 24), HEX.slice(40, 56), HEX.toUpperCase().slice(8, 24)]) {
      expect(error.message).not.toContain(fragment)
    }
    expect(JSON.stringify(error.context)).not.toContain(HEX.slice(8, 24))
  })
})
