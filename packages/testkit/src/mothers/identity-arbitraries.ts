import {
  HASH_BYTES,
  type Hash,
  hashFromInternalBytes,
  isPrintable,
  UINT32_MAX,
  UINT64_MAX,
} from '@p2p/domain'
import fc from 'fast-check'
import { PEER_ID_PREFIX, PEER_ID_SUFFIX_CHARS } from './identity-mothers.js'
import { BASE58_ALPHABET } from './random.js'

export const arbHash: fc.Arbitrary<Hash> = fc
  .uint8Array({ minLength: HASH_BYTES, maxLength: HASH_BYTES })
  .map(hashFromInternalBytes)

export const arbPeerId: fc.Arbitrary<string> = fc
  .string({
    unit: fc.constantFrom(...BASE58_ALPHABET),
    minLength: PEER_ID_SUFFIX_CHARS,
    maxLength: PEER_ID_SUFFIX_CHARS,
  })
  .map((suffix) => PEER_ID_PREFIX + suffix)

export const arbHeight: fc.Arbitrary<number> = fc.integer({ min: 0, max: UINT32_MAX })

/** The full Go uint64 range, so values past 2^53 come up. */
export const arbUint64: fc.Arbitrary<bigint> = fc.bigInt({ min: 0n, max: UINT64_MAX })

export const arbDataHubUrl: fc.Arbitrary<string> = fc
  .record({
    scheme: fc.constantFrom('http', 'https'),
    host: fc.domain(),
    port: fc.option(fc.integer({ min: 1, max: 65535 }), { nil: undefined }),
    path: fc.constantFrom('', '/', '/api/v1', '/datahub/api/v1'),
  })
  .map(({ scheme, host, port, path }) => `${scheme}://${host}${port === undefined ? '' : `:${port}`}${path}`)

/** Printable text of any script, as the message schemas accept; at most `maxGraphemes` graphemes. */
export function arbPrintableText(maxGraphemes: number, minGraphemes = 0): fc.Arbitrary<string> {
  return fc.string({ unit: 'grapheme', minLength: minGraphemes, maxLength: maxGraphemes }).filter(isPrintable)
}
