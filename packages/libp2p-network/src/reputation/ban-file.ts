import { readFile, rename } from 'node:fs/promises'
import type { Logger } from '@p2p/domain'
import { z } from 'zod'
import { writeFileAtomically } from '../identity/atomic-write.js'
import type { BanRecord } from './ban-scores.js'

export const DEFAULT_BAN_FILE_NAME = 'bans.json'
// Ban reasons quote what peers sent; only the node's operator should read them.
const BAN_FILE_MODE = 0o600

const banFileSchema = z.object({
  version: z.literal(1),
  bans: z.array(
    z.object({
      peer: z.string().min(1).max(128),
      until: z.iso.datetime({ offset: true }),
      reason: z.string().max(1024),
    }),
  ),
})

/** What loading found: the bans, or that the file could not be used and must not be overwritten. */
export type LoadedBans =
  | { readonly ok: true; readonly bans: BanRecord[]; readonly expired: number }
  | { readonly ok: false }

/**
 * Reads the ban file; a missing file is no bans. A corrupt file is reported and moved aside to
 * `<name>.corrupt-<ms>` (never dropped silently: an operator may want to see what broke it); expired
 * bans are left out.
 */
export async function loadBanFile(path: string, now: number, logger: Logger): Promise<LoadedBans> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return { ok: true, bans: [], expired: 0 }
    // Unreadable is not corrupt: leave it alone, and do not overwrite bans we could not see.
    logger.error('cannot read the ban file; bans of earlier runs are not enforced', {
      path,
      reason: errnoCode(error),
    })
    return { ok: false }
  }
  const problem = parseProblem(text)
  if (typeof problem === 'string') return moveAside(path, now, problem, logger)
  const all = problem.bans.map((ban) => ({
    peer: ban.peer,
    until: Date.parse(ban.until),
    reason: ban.reason,
  }))
  const bans = all.filter((ban) => ban.until > now)
  return { ok: true, bans, expired: all.length - bans.length }
}

/** Replaces the ban file atomically (temp file, fsync, rename), mode 0600. */
export async function writeBanFile(path: string, bans: readonly BanRecord[]): Promise<void> {
  const file = {
    version: 1,
    bans: bans.map((ban) => ({
      peer: ban.peer,
      until: new Date(ban.until).toISOString(),
      reason: ban.reason,
    })),
  }
  await writeFileAtomically(path, `${JSON.stringify(file, null, 2)}\n`, BAN_FILE_MODE)
}

function parseProblem(text: string): string | z.output<typeof banFileSchema> {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (error) {
    return `not JSON (${error instanceof Error ? error.message : String(error)})`
  }
  const parsed = banFileSchema.safeParse(json)
  if (parsed.success) return parsed.data
  const issue = parsed.error.issues[0]
  return `not a ban file (${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'})`
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

function errnoCode(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code
  return typeof code === 'string' ? code : String(error)
}
