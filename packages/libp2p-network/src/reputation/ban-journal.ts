import { constants } from 'node:fs'
import { open, rm } from 'node:fs/promises'
import type { Logger } from '@p2p/domain'
import { readSmallFile } from '../identity/small-file.js'
import { banEntrySchema } from './ban-file.js'
import type { BanRecord } from './ban-scores.js'

export const DEFAULT_BAN_JOURNAL_NAME = 'bans.journal'
const JOURNAL_MODE = 0o600
/** Compaction keeps it far smaller (see BanFileWriter); a journal beyond this is not ours. */
const JOURNAL_MAX_BYTES = 64 * 1024 * 1024
const REPORTED_BAD_LINES = 5

/** What loading found: the bans, or that the journal could not be used and must not be written. */
export type LoadedJournal =
  | { readonly ok: true; readonly bans: BanRecord[]; readonly present: boolean }
  | { readonly ok: false }

/** One ban as one line: the entry format of `bans.json`, so both are read by the same schema. */
export function journalLine(ban: BanRecord): string {
  return `${JSON.stringify({ peer: ban.peer, until: new Date(ban.until).toISOString(), reason: ban.reason })}\n`
}

/**
 * Reads the journal of bans added since the ban file was last written whole. A missing journal is
 * none; a bad line (a write cut short by a crash leaves a torn last line) is dropped and reported,
 * the others kept. A FIFO, device or oversized file is refused like the ban file.
 */
export async function loadBanJournal(path: string, logger: Logger): Promise<LoadedJournal> {
  const file = await readSmallFile(path, JOURNAL_MAX_BYTES)
  if (file.kind === 'missing') return { ok: true, bans: [], present: false }
  if (file.kind === 'refused') {
    logger.error('cannot read the ban journal; bans are not persisted', {
      path,
      reason: file.problem,
      setting: 'p2p_peer_cache_dir',
    })
    return { ok: false }
  }
  const bans: BanRecord[] = []
  const dropped: string[] = []
  const lines = file.bytes.toString('utf8').split('\n')
  for (const [index, line] of lines.entries()) {
    if (line.trim() === '') continue
    const entry = parseLine(line)
    if (typeof entry === 'string') dropped.push(`line ${index + 1}: ${entry}`)
    else bans.push(entry)
  }
  if (dropped.length > 0) {
    logger.warn('dropped bad lines of the ban journal; the other bans are kept', {
      path,
      dropped: dropped.length,
      problems: dropped.slice(0, REPORTED_BAD_LINES),
    })
  }
  return { ok: true, bans, present: true }
}

/**
 * Appends lines, creating the journal with mode 0600. Never through a symbolic link (O_NOFOLLOW)
 * and only to a regular file: a FIFO put in its place would block the write (hence O_NONBLOCK).
 */
export async function appendBanJournal(path: string, text: string): Promise<void> {
  const flags =
    constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | constants.O_NOFOLLOW | constants.O_NONBLOCK
  const handle = await open(path, flags, JOURNAL_MODE)
  try {
    if (!(await handle.stat()).isFile()) throw new Error(`${path} is not a regular file`)
    await handle.writeFile(text)
  } finally {
    await handle.close()
  }
}

export async function removeBanJournal(path: string): Promise<void> {
  await rm(path, { force: true })
}

function parseLine(line: string): BanRecord | string {
  let json: unknown
  try {
    json = JSON.parse(line)
  } catch {
    return 'not JSON'
  }
  const ban = banEntrySchema.safeParse(json)
  if (!ban.success) {
    const issue = ban.error.issues[0]
    return `${issue?.path.join('.') || '(line)'}: ${issue?.message ?? 'invalid'}`
  }
  return { peer: ban.data.peer, until: Date.parse(ban.data.until), reason: ban.data.reason }
}
