import { execFile } from 'node:child_process'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const script = join(dirname(fileURLToPath(import.meta.url)), 'together.sh')

/** Runs together.sh with `commands`; its exit code, standard output and standard error. */
function together(...commands: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile('bash', [script, ...commands], (error, stdout, stderr) => {
      resolve({ code: error === null ? 0 : Number(error.code), stdout, stderr })
    })
  })
}

describe('tools/together.sh', () => {
  it('runs every command and succeeds when all do, each output whole and in argument order', async () => {
    const { code, stdout } = await together('echo first-a; echo first-b', 'echo second')
    expect(code).toBe(0)
    expect(stdout).toBe('first-a\nfirst-b\nsecond\n')
  })

  it('fails when one command fails, after the others have ended, and names it', async () => {
    const { code, stdout, stderr } = await together('exit 3', 'echo still-ran')
    expect(code).toBe(1)
    expect(stdout).toBe('still-ran\n')
    expect(stderr).toContain('together: failed: exit 3')
  })
})
