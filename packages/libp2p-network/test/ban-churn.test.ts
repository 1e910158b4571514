import { mkdtemp, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { CountingLogger, waitFor } from '@p2p/testkit'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { parseNetworkConfig } from '../src/config/network-config.js'
import { NetworkReputation } from '../src/reputation/network-reputation.js'

const ROUNDS = 50
const BANS_PER_ROUND = 1_000
const MiB = 1024 * 1024

/** A full collection, so heap figures are what is held rather than garbage not yet collected. */
function collector(): () => void {
  setFlagsFromString('--expose-gc')
  return runInNewContext('gc') as () => void
}

/** A 52-character id like an Ed25519 peer id, distinct per index. */
const throwawayId = (index: number) => `12D3KooW${index.toString(36).padStart(44, '0')}`

/** What persistence has on disk now: changes tell a write happened; sizes count its bytes. */
async function fileState(dir: string) {
  const one = async (name: string) => {
    const info = await stat(join(dir, name)).catch(() => undefined)
    return info === undefined ? undefined : { size: info.size, mtimeMs: info.mtimeMs }
  }
  return { file: await one('bans.json'), journal: await one('bans.journal') }
}
type FileState = Awaited<ReturnType<typeof fileState>>
const same = (a: FileState, b: FileState) => JSON.stringify(a) === JSON.stringify(b)

/**
 * Bytes written between two observations: a ban file that changed was written whole; a journal
 * that grew had the growth appended (one that shrank or came back after compaction, all of it).
 */
function written(before: FileState, after: FileState): number {
  let bytes = 0
  if (after.file !== undefined && JSON.stringify(before.file) !== JSON.stringify(after.file))
    bytes += after.file.size
  if (after.journal !== undefined) {
    const previous = before.journal?.size ?? 0
    bytes += after.journal.size >= previous ? after.journal.size - previous : after.journal.size
  }
  return bytes
}

describe('ban churn: throwaway identities banned one after another', () => {
  let dir: string
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'p2p-ban-churn-'))
  })
  afterEach(() => rm(dir, { recursive: true, force: true }))

  it(`${ROUNDS * BANS_PER_ROUND} bans: bounded memory, file and log, no long stalls`, async () => {
    const gc = collector()
    // Counts only: keeping 50,000 log entries would be the memory we measure.
    const logger = new CountingLogger()
    const config = parseNetworkConfig({ listen: { ip: '127.0.0.1', port: 0 }, dataDir: dir })
    // Each round's bans are made in one turn, so they are one coalesced write whatever the delay;
    // a short one spares the test 50 × 500 ms of waiting.
    const reputation = new NetworkReputation(
      { logger, now: Date.now },
      { ...config, self: 'self', writeDelayMs: 10 },
    )
    await reputation.load()
    gc()
    const heapBefore = process.memoryUsage().heapUsed
    const rssBefore = process.memoryUsage().rss
    let rssPeak = rssBefore

    const delay = monitorEventLoopDelay({ resolution: 10 })
    delay.enable()
    let bytesWritten = 0
    let state = await fileState(dir)
    for (let round = 0; round < ROUNDS; round++) {
      for (let i = 0; i < BANS_PER_ROUND; i++) {
        const peer = throwawayId(round * BANS_PER_ROUND + i)
        // Two sustained rate-limit excesses (+50 each) ban: what a flooding identity earns.
        reputation.penalize(peer, 'spam', 'sustained excess over the block topic rate limit')
        reputation.penalize(peer, 'spam', 'sustained excess over the block topic rate limit')
      }
      // Each round is one coalesced write; waiting for it keeps the writes as they are in the field.
      const previous = state
      await waitFor(
        async () => {
          state = await fileState(dir)
          return !same(previous, state)
        },
        { timeoutMs: 60_000, intervalMs: 20, what: `the bans of round ${round} to be written` },
      )
      bytesWritten += written(previous, state)
      rssPeak = Math.max(rssPeak, process.memoryUsage().rss)
    }
    delay.disable()
    const held = reputation.bannedPeers().length
    await reputation.close()
    const finalFile = (await fileState(dir)).file?.size ?? 0
    gc()
    const heapAfter = process.memoryUsage().heapUsed

    const figures = {
      bans: ROUNDS * BANS_PER_ROUND,
      bansHeld: held,
      heapHeldMiB: +((heapAfter - heapBefore) / MiB).toFixed(1),
      rssPeakAboveStartMiB: +((rssPeak - rssBefore) / MiB).toFixed(1),
      maxEventLoopStallMs: +(delay.max / 1e6).toFixed(1),
      p99EventLoopDelayMs: +(delay.percentile(99) / 1e6).toFixed(1),
      bytesWrittenMiB: +(bytesWritten / MiB).toFixed(1),
      banFileAtCloseMiB: +(finalFile / MiB).toFixed(2),
      warnBanLines: logger.countOf('warn', 'banned a peer'),
    }
    // The figures are the point of this test: before and after are compared in SECURITY.md.
    console.log('ban churn', JSON.stringify(figures))

    expect(held).toBeLessThanOrEqual(config.banMaxBans)
    expect(figures.warnBanLines).toBeLessThanOrEqual(10)
    // Each ban's line appended, plus compactions that each at most match the journal they empty.
    expect(bytesWritten).toBeLessThan(ROUNDS * BANS_PER_ROUND * 300 * 3)
    expect(finalFile).toBeLessThan(config.banMaxBans * 300)
  }, 180_000)
})
