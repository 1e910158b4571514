import { CID } from 'multiformats/cid'
import * as raw from 'multiformats/codecs/raw'
import { sha256 } from 'multiformats/hashes/sha2'

const utf8 = new TextEncoder()

/**
 * The DHT key under which peers of a topic advertise themselves: a CIDv1 with the raw codec over
 * the sha2-256 multihash of the name. go-libp2p's routing discovery derives the same bytes from a
 * namespace, so Go and TypeScript nodes find each other's provider records.
 */
export async function rendezvousCid(name: string): Promise<CID> {
  return CID.createV1(raw.code, await sha256.digest(utf8.encode(name)))
}
