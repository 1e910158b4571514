import {
  type BlockHeaderInfo,
  blockHeaderInfoSchema,
  P2PError,
  parseBlockHeader,
  parseWith,
  unwrap,
} from '@p2p/domain'

/** Header info with the 80-byte header it describes; `info.hash` is sha256d of `header`. */
export interface HeaderRecord {
  readonly info: BlockHeaderInfo
  readonly header: Uint8Array
}

/**
 * A header someone else made, checked as a real service would have it: valid info, 80 bytes that
 * hash to `info.hash` and build on `info.previousHash`. Copied, so the caller keeps its bytes.
 */
export function checkedHeaderRecord(info: BlockHeaderInfo, header: Uint8Array): HeaderRecord {
  const checked = unwrap(parseWith(blockHeaderInfoSchema, info, 'block header info'))
  const parsed = unwrap(parseBlockHeader(header))
  if (parsed.hash !== checked.hash || parsed.previousHash !== checked.previousHash) {
    throw new P2PError('invalid_header', 'the header bytes do not match the header info', {
      context: { hash: checked.hash, headerHash: parsed.hash },
    })
  }
  return { info: Object.freeze(checked), header: header.slice() }
}

/** Info is frozen and shared; the bytes are copied so no caller can change what is stored. */
export const copyOfRecord = (record: HeaderRecord): HeaderRecord => ({
  info: record.info,
  header: record.header.slice(),
})
