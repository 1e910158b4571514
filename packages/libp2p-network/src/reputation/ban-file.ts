import { rename } from 'node:fs/promises'
import type { Logger } from '@p2p/domain'
import { z } from 'zod'
import { removeStaleTempFiles, writeFileAtomically } from '../identity/atomic-write.js'
import { errnoCode, readSmallFile } from '../identity/small-file.js'
import type { BanRecord } from './ban-scores.js'

export const DEFAULT_BAN_FILE_NAME = 'bans.json'
// Ban reasons quote what peers sent; only the node's operator should read them.
const BAN_FILE_MODE = 0o600

/** 10,000 bans of the longest reason, escaped, fit; a file beyond this is not ours. */
const BAN_FILE_MAX_BYTES = 64 * 1024 * 1024
/** Dropped entries are reported; this many are described, the rest only counted. */
const REPORTED_BAD_ENTRIES = 5

const banFileSchema = z.object({
  version: z.literal(1),
  bans: z.array(z.unknown()),
})

/** One ban, in the file and in the journal beside it. */
export const banEntrySchema = z.object({
  peer: z.string().min(1).max(128),
  until: z.iso.datetime({ offset: true }),
  reason: z.string().max(1024),
})

/** What loading found: the bans, or that the file could not be used and must not be overwritten. */
export type LoadedBans =
  | { readonly ok: true; readonly bans: BanRecord[]; readonly expired: number }
  | { readonly ok: false }

/**
 * Reads the ban file; a missing file is no bans. A corrupt file is reported and moved aside to
 * `<name>.corrupt-<ms>` (never dropped silently: an operator may want to see what broke it); one
 * bad entry is dropped and reported, the others kept; expired bans are left out. Temp files of a
 * killed write are removed first (the writer is held until this load is done).
 */
export async function loadBanFile(path: string, now: number, logger: Logger): Promise<LoadedBans> {
  const removed = await removeStaleTempFiles(path)
  if (removed.length > 0) logger.info('removed leftovers of an interrupted ban file write', { removed })
  const file = await readSmallFile(path, BAN_FILE_MAX_BYTES)
  if (file.kind === 'missing') return { ok: true, bans: [], expired: 0 }
  if (file.kind === 'refused') {
    // Unusable is not corrupt: leave it alone, and do not overwrite bans we could not see.
    logger.error('cannot read the ban file; bans of earlier runs are not enforced', {
      path,
      reason: file.problem,
      setting: 'p2p_peer_cache_dir',
    })
    return { ok: false }
  }
  const parsed = parseBanFile(file.bytes.toString('utf8'))
  if (typeof parsed === 'string') return moveAside(path, now, parsed, logger)
  if (parsed.dropped.length > 0) {
    logger.warn('dropped bad entries of the ban file; the other bans are kept', {
      path,
      dropped: parsed.dropped.length,
      problems: parsed.dropped.slice(0, REPORTED_BAD_ENTRIES),
    })
  }
  const bans = parsed.bans.filter((ban) => ban.until > now)
  return { ok: true, bans, expired: parsed.bans.length - bans.length }
}

/** Replaces the ban file atomically (temp file, fsync, rename), mode 0600; returns its size in bytes. */
export async function writeBanFile(path: string, bans: readonly BanRecord[]): Promise<number> {
  const file = {
    version: 1,
    bans: bans.map((ban) => ({
      peer: ban.peer,
      until: new Date(ban.until).toISOString(),
      reason: ban.reason,
    })),
  }
  const text = `${JSON.stringify(file, null, 2)}\n`
  await writeFileAtomically(path, text, BAN_FILE_MODE)
  return Buffer.byteLength(text)
}

/** The entries that are bans, and what is wrong with the others; a string when the file as a whole is not a ban file. */
function parseBanFile(text: string): string | { bans: BanRecord[]; dropped: string[] } {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (error) {
    return `not JSON (${error instanceof Error ? error.message : String(error)})`
  }
  const parsed = banFileSchema.safeParse(json)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    return `not a ban file (${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'})`
  }
  const bans: BanRecord[] = []
  const dropped: string[] = []
  for (const [index, entry] of parsed.data.bans.entries()) {
    const ban = banEntrySchema.safeParse(entry)
    if (ban.success) {
      bans.push({ peer: ban.data.peer, until: Date.parse(ban.data.until), reason: ban.data.reason })
      continue
    }
    const issue = ban.error.issues[0]
    dropped.push(
      `bans.${index}${issue?.path.length ? `.${issue.path.join('.')}` : ''}: ${issue?.message ?? 'invalid'}`,
    )
  }
  return { bans, dropped }
}

async function moveAside(path: string, now: number, reason: string, logger: Logger): Promise<LoadedBans> {
  const movedTo = `${path}.corrupt-${now}`
  try {
    await rename(path, movedTo)
  } catch (error) {
    logger.error('the ban file is corrupt and could not be moved aside; bans are not persisted', {
      path,
      reason,
      moveError: errnoCode(error),
    })
    return { ok: false }
  }
  logger.error('the ban file is corrupt; moved it aside and started with no bans', { path, reason, movedTo })
  return { ok: true, bans: [], expired: 0 }
}
