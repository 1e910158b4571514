import { constants } from 'node:fs'
import { lstat, open, stat } from 'node:fs/promises'

/** What reading a small file found; `problem` is phrased to follow the file's path. */
export type SmallFile =
  | { readonly kind: 'missing' }
  | { readonly kind: 'read'; readonly bytes: Buffer; readonly mode: number }
  | { readonly kind: 'refused'; readonly problem: string }

/**
 * Reads a file the operator keeps in the data directory (the node key, the bans), refusing what
 * would hang or exhaust the start: a FIFO (a plain read blocks until a writer comes), a device
 * (`/dev/zero` never ends), a directory, anything over `maxBytes`. A symbolic link is followed
 * to a regular file; a dangling one is refused, not taken for "missing": writing a new file
 * would replace the link, and for the key that is a new peer id.
 */
export async function readSmallFile(path: string, maxBytes: number): Promise<SmallFile> {
  let link: Awaited<ReturnType<typeof lstat>>
  try {
    link = await lstat(path)
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return { kind: 'missing' }
    return { kind: 'refused', problem: `cannot be read (${errnoCode(error)})` }
  }
  if (link.isSymbolicLink()) {
    try {
      await stat(path)
    } catch (error) {
      return {
        kind: 'refused',
        problem: `is a symbolic link to a file that cannot be opened (${errnoCode(error)}); restore its target or remove the link`,
      }
    }
  }
  let handle: Awaited<ReturnType<typeof open>>
  try {
    // Non-blocking, so a FIFO swapped in after the lstat cannot hang the open either.
    handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK)
  } catch (error) {
    return { kind: 'refused', problem: `cannot be read (${errnoCode(error)})` }
  }
  try {
    const info = await handle.stat()
    if (!info.isFile()) return { kind: 'refused', problem: `is not a regular file (${fileType(info)})` }
    if (info.size > maxBytes) {
      return { kind: 'refused', problem: `is ${info.size} bytes; at most ${maxBytes} are expected` }
    }
    // One byte more than the size is asked for, so a file that grew since the fstat is caught.
    const buffer = Buffer.alloc(info.size + 1)
    let bytesRead = 0
    while (bytesRead < buffer.length) {
      const { bytesRead: got } = await handle.read(buffer, bytesRead, buffer.length - bytesRead, bytesRead)
      if (got === 0) break
      bytesRead += got
    }
    if (bytesRead > info.size) return { kind: 'refused', problem: 'changed while it was read' }
    return { kind: 'read', bytes: buffer.subarray(0, bytesRead), mode: info.mode }
  } catch (error) {
    return { kind: 'refused', problem: `cannot be read (${errnoCode(error)})` }
  } finally {
    await handle.close()
  }
}

function fileType(info: {
  isFIFO(): boolean
  isCharacterDevice(): boolean
  isBlockDevice(): boolean
  isDirectory(): boolean
  isSocket(): boolean
}): string {
  if (info.isFIFO()) return 'a FIFO'
  if (info.isCharacterDevice()) return 'a character device'
  if (info.isBlockDevice()) return 'a block device'
  if (info.isDirectory()) return 'a directory'
  if (info.isSocket()) return 'a socket'
  return 'not a file'
}

export function errnoCode(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code
  return typeof code === 'string' ? code : 'unknown error'
}
