import { accessSync, constants } from 'node:fs'
import { fileURLToPath } from 'node:url'

/** The Go test programs `interop/build.sh` builds. */
export type GoProgram = 'msgbuspeer' | 'refpeer' | 'refservices'

/**
 * Path of a built Go test program. Throws with the command to run when it is missing, so a test
 * run without the Go build fails with instructions instead of an ENOENT.
 */
export function goProgram(name: GoProgram): string {
  const path = fileURLToPath(new URL(`../bin/${name}`, import.meta.url))
  try {
    accessSync(path, constants.X_OK)
  } catch {
    throw new Error(
      `interop: ${path} is not built. Run \`pnpm interop:build\` (needs Go >= 1.25; \`pnpm test\` runs it).`,
    )
  }
  return path
}
