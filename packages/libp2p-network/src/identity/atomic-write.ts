import { randomUUID } from 'node:crypto'
import { mkdir, open, readdir, rename, rm } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'

/**
 * Replaces `path` so that a crash leaves either the old or the new content, never a torn file:
 * write a temp file beside it, flush it, then rename over the target.
 */
export async function writeFileAtomically(path: string, data: string, mode: number): Promise<void> {
  const dir = dirname(path)
  await mkdir(dir, { recursive: true, mode: 0o700 })
  const temp = join(dir, `.${basename(path)}.${process.pid}.${randomUUID()}.tmp`)
  let renamed = false
  try {
    const handle = await open(temp, 'wx', mode)
    try {
      // The mode given to open is filtered by the umask; chmod sets it exactly.
      await handle.chmod(mode)
      await handle.writeFile(data)
      await handle.sync()
    } finally {
      await handle.close()
    }
    await rename(temp, path)
    renamed = true
    await syncDirectory(dir)
  } finally {
    if (!renamed) await rm(temp, { force: true })
  }
}

/** Makes the rename itself durable; some platforms and file systems cannot sync a directory. */
async function syncDirectory(dir: string): Promise<void> {
  try {
    const handle = await open(dir, 'r')
    try {
      await handle.sync()
    } finally {
      await handle.close()
    }
  } catch {
    // Best effort: the key is already written; only its survival of a power cut is less certain.
  }
}

/**
 * Removes the temp files a killed write of `path` left beside it (`.<name>.<pid>.<uuid>.tmp`);
 * returns their names. Call it before this process writes `path`: a temp file of our own pid is
 * then stale too (in a container every run is pid 1). One of another live process is left alone.
 */
export async function removeStaleTempFiles(path: string): Promise<string[]> {
  const dir = dirname(path)
  const prefix = `.${basename(path)}.`
  let names: string[]
  try {
    names = await readdir(dir)
  } catch {
    return []
  }
  const removed: string[] = []
  for (const name of names) {
    if (!name.startsWith(prefix) || !name.endsWith('.tmp')) continue
    const pid = Number(/^(\d+)\.[0-9a-f-]{36}\.tmp$/.exec(name.slice(prefix.length))?.[1])
    if (!Number.isInteger(pid) || (pid !== process.pid && isAlive(pid))) continue
    try {
      await rm(join(dir, name), { force: true })
      removed.push(name)
    } catch {
      // Left for the next start: a leftover costs a few bytes, never a wrong key or ban.
    }
  }
  return removed
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as { code?: unknown }).code === 'EPERM'
  }
}
