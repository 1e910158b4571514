import { peerIdFromString } from '@libp2p/peer-id'
import { multiaddr } from '@multiformats/multiaddr'
import type { Logger } from '@p2p/domain'
import { z } from 'zod'
import { removeStaleTempFiles, writeFileAtomically } from '../identity/atomic-write.js'
import { readSmallFile } from '../identity/small-file.js'

/** The name go-p2p-message-bus gives the file in `p2p_peer_cache_dir`; both nodes can read either's. */
export const PEER_CACHE_FILE_NAME = 'peer_cache.json'
// It maps peer ids to IP addresses: who this node talks to is the operator's business only.
const PEER_CACHE_FILE_MODE = 0o600
/** 1,000 peers of 16 long addresses fit several times over; a larger file is not ours. */
const PEER_CACHE_MAX_BYTES = 16 * 1024 * 1024
/** More addresses than this for one peer are never all tried; the first ones are kept. */
export const MAX_ADDRESSES_PER_PEER = 16
/** Bad entries are reported; this many are described, the rest only counted. */
const REPORTED_BAD_ENTRIES = 5

/** One peer as the file holds it; `lastSeen` (ms since the epoch) is absent when the file gave none. */
export interface CachedPeer {
  readonly id: string
  readonly name: string | undefined
  /** Without the trailing /p2p/<id>, as the Go library writes and reads them. */
  readonly addrs: readonly string[]
  readonly lastSeen: number | undefined
}

/** A peer ready to be written: every written entry carries a time. */
export type SeenPeer = CachedPeer & { readonly lastSeen: number }

/** What reading the file found; a file that could not be used is reported and counts as empty. */
export interface ReadPeerCache {
  readonly peers: CachedPeer[]
  /** Entries skipped because they were not peers we could dial. */
  readonly malformed: number
  /** Why the whole file was ignored, when it was. */
  readonly unusable: string | undefined
}

// Unknown keys are ignored, as Go's decoder ignores them. Go writes a nil address slice as null.
const entrySchema = z.object({
  id: z.string().min(1).max(128),
  name: z.string().max(256).nullish(),
  addrs: z.array(z.unknown()).nullish(),
  last_seen: z.iso.datetime({ offset: true }).nullish(),
})

/**
 * Reads `<dir>/peer_cache.json`. A missing file is an empty cache; an unreadable or unparsable
 * one is logged with the reason and is an empty cache too (it is only a head start, and the next
 * write replaces it); a bad entry is skipped and counted, the others kept.
 */
export async function readPeerCacheFile(path: string, logger: Logger): Promise<ReadPeerCache> {
  const removed = await removeStaleTempFiles(path)
  if (removed.length > 0) logger.info('removed leftovers of an interrupted peer cache write', { removed })
  const file = await readSmallFile(path, PEER_CACHE_MAX_BYTES)
  if (file.kind === 'missing') return { peers: [], malformed: 0, unusable: undefined }
  const parsed = file.kind === 'refused' ? file.problem : parsePeerCache(file.bytes.toString('utf8'))
  if (typeof parsed === 'string') {
    logger.warn('ignoring the peer cache file; starting without cached peers', {
      path,
      reason: parsed,
      setting: 'p2p_peer_cache_dir',
    })
    return { peers: [], malformed: 0, unusable: parsed }
  }
  if (parsed.malformed.length > 0) {
    logger.warn('skipped bad entries of the peer cache file', {
      path,
      skipped: parsed.malformed.length,
      problems: parsed.malformed.slice(0, REPORTED_BAD_ENTRIES),
    })
  }
  return { peers: parsed.peers, malformed: parsed.malformed.length, unusable: undefined }
}

/** Replaces the file atomically, mode 0600, in the Go library's shape and indentation. */
export async function writePeerCacheFile(path: string, peers: readonly SeenPeer[]): Promise<void> {
  await writeFileAtomically(path, formatPeerCache(peers), PEER_CACHE_FILE_MODE)
}

export function formatPeerCache(peers: readonly SeenPeer[]): string {
  const entries = peers.map((peer) => ({
    id: peer.id,
    ...(peer.name === undefined || peer.name === '' ? {} : { name: peer.name }),
    addrs: peer.addrs,
    last_seen: new Date(peer.lastSeen).toISOString(),
  }))
  return JSON.stringify(entries, null, 2)
}

/**
 * The peers of a file's text, one per id (the newest wins), and what is wrong with the skipped
 * entries; a string when the text as a whole is not a peer cache.
 */
export function parsePeerCache(text: string): string | { peers: CachedPeer[]; malformed: string[] } {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (error) {
    return `not JSON (${error instanceof Error ? error.message : String(error)})`
  }
  // What the Go library writes when it has no peer to save.
  if (json === null) return { peers: [], malformed: [] }
  if (!Array.isArray(json)) return 'not a JSON array of peers'
  const byId = new Map<string, CachedPeer>()
  const malformed: string[] = []
  for (const [index, entry] of json.entries()) {
    const peer = parseEntry(entry)
    if (typeof peer === 'string') {
      malformed.push(`entry ${index}: ${peer}`)
      continue
    }
    const held = byId.get(peer.id)
    if (held === undefined || (peer.lastSeen ?? -1) > (held.lastSeen ?? -1)) byId.set(peer.id, peer)
  }
  return { peers: [...byId.values()], malformed }
}

function parseEntry(entry: unknown): CachedPeer | string {
  const parsed = entrySchema.safeParse(entry)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    return `${issue?.path.join('.') || '(entry)'}: ${issue?.message ?? 'invalid'}`
  }
  const { id, name, addrs, last_seen } = parsed.data
  try {
    peerIdFromString(id)
  } catch {
    return 'id: not a peer id'
  }
  const usable = dialableAddresses(
    id,
    (addrs ?? []).filter((a): a is string => typeof a === 'string'),
  )
  if (usable.length === 0) return 'addrs: no address to dial'
  return { id, name: name ?? undefined, addrs: usable, lastSeen: timeOf(last_seen) }
}

/** Go writes a peer never seen as its zero time, year 1: that is no time at all. */
function timeOf(text: string | null | undefined): number | undefined {
  if (text === null || text === undefined) return undefined
  const ms = Date.parse(text)
  return Number.isFinite(ms) && new Date(ms).getUTCFullYear() > 1 ? ms : undefined
}

/**
 * The addresses of `id` worth dialling, deduplicated, at most `MAX_ADDRESSES_PER_PEER`, each
 * without the trailing /p2p/<id> (the Go library stores them bare, and dials them with the id
 * beside them); one that names another peer at its end, or is not a multiaddr, is left out.
 */
export function dialableAddresses(id: string, addresses: readonly string[]): string[] {
  const kept = new Set<string>()
  for (const text of addresses) {
    if (kept.size >= MAX_ADDRESSES_PER_PEER) break
    if (text.length > 1024) continue
    let components: ReturnType<ReturnType<typeof multiaddr>['getComponents']>
    try {
      components = multiaddr(text).getComponents()
    } catch {
      continue
    }
    const last = components.at(-1)
    if (last?.name === 'p2p') {
      if (last.value !== id) continue
      components = components.slice(0, -1)
    }
    if (components.length === 0) continue
    kept.add(multiaddr(components).toString())
  }
  return [...kept]
}
