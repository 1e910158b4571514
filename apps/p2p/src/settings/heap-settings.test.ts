import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { loadSettings } from './load-settings.js'

describe('the heap growth setting', () => {
  const dirs: string[] = []
  afterEach(async () => {
    await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })))
  })
  async function emptyDir(): Promise<string> {
    const dir = await mkdtemp(join(tmpdir(), 'p2p-heap-settings-'))
    dirs.push(dir)
    return dir
  }

  it('lets the heap grow 50 % above what is live by default; 0 leaves it to V8', async () => {
    expect((await loadSettings({}, await emptyDir())).settings.p2p_heap_growing_percent).toBe(50)
    const own = await loadSettings({ p2p_heap_growing_percent: '0' }, await emptyDir())
    expect(own.settings.p2p_heap_growing_percent).toBe(0)
  })

  it.each(['-1', '1001', '1.5', 'fifty'])('refuses %s by name', async (value) => {
    await expect(loadSettings({ p2p_heap_growing_percent: value }, await emptyDir())).rejects.toMatchObject({
      code: 'invalid_config',
      message: expect.stringContaining(`p2p_heap_growing_percent="${value}"`),
    })
  })
})
