import { randomUUID } from 'node:crypto'
import { mkdir, open, rename, rm } from 'node:fs/promises'
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
