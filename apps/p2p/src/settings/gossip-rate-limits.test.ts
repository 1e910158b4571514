import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { p2pServiceOptionsSchema } from '@p2p/core'
import { afterEach, describe, expect, it } from 'vitest'
import { gossipRateLimitsOf } from './gossip-rate-limits.js'
import { loadSettings } from './load-settings.js'

describe('p2p_gossip_rate_* settings', () => {
  const dirs: string[] = []
  afterEach(async () => {
    await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })))
  })
  const emptyDir = async () => {
    const dir = await mkdtemp(join(tmpdir(), 'p2p-rates-'))
    dirs.push(dir)
    return dir
  }

  it('default to exactly the core’s own limits', async () => {
    const { settings } = await loadSettings({}, await emptyDir())
    const core = p2pServiceOptionsSchema.parse({ dataHubUrl: 'http://self.example/api' })
    expect(gossipRateLimitsOf(settings)).toEqual(core.gossipRateLimits)
  })

  it('set one topic’s rate, with a burst and a spam allowance of twice that', async () => {
    const { settings } = await loadSettings({ p2p_gossip_rate_subtree: '5000' }, await emptyDir())
    const limits = gossipRateLimitsOf(settings)
    expect(limits.subtree).toEqual({ perSecond: 5000, burst: 10_000, spamAfter: 10_000 })
    expect(
      p2pServiceOptionsSchema.safeParse({ dataHubUrl: 'http://x.example', gossipRateLimits: limits }).success,
    ).toBe(true)
  })

  it('refuse a rate that is not a positive whole number, naming the key', async () => {
    await expect(loadSettings({ p2p_gossip_rate_block: '0' }, await emptyDir())).rejects.toThrow(
      /p2p_gossip_rate_block/,
    )
    await expect(loadSettings({ p2p_gossip_rate_block: 'fast' }, await emptyDir())).rejects.toThrow(
      /p2p_gossip_rate_block/,
    )
  })
})
