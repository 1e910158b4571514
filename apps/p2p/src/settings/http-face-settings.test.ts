import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { loadSettings } from './load-settings.js'

describe('the HTTP face settings', () => {
  const dirs: string[] = []
  afterEach(async () => {
    await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })))
  })
  async function emptyDir(): Promise<string> {
    const dir = await mkdtemp(join(tmpdir(), 'p2p-http-settings-'))
    dirs.push(dir)
    return dir
  }

  it('cap sockets at 1200 and hide node services’ detail text by default', async () => {
    const { settings } = await loadSettings({}, await emptyDir())
    expect(settings.p2p_http_max_connections).toBe(1200)
    expect(settings.p2p_status_detail).toBe(false)
  })

  it('take an operator’s values, and refuse a cap of 0 or a detail flag that is not a boolean', async () => {
    const { settings } = await loadSettings(
      { p2p_http_max_connections: '5000', p2p_status_detail: 'true' },
      await emptyDir(),
    )
    expect([settings.p2p_http_max_connections, settings.p2p_status_detail]).toEqual([5000, true])
    await expect(loadSettings({ p2p_http_max_connections: '0' }, await emptyDir())).rejects.toMatchObject({
      code: 'invalid_config',
      message: expect.stringContaining('p2p_http_max_connections="0"'),
    })
    await expect(loadSettings({ p2p_status_detail: 'yes' }, await emptyDir())).rejects.toMatchObject({
      code: 'invalid_config',
      message: expect.stringContaining('p2p_status_detail="yes"'),
    })
  })
})
