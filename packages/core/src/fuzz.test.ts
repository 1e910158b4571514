import { type GossipVerdict, TOPIC_KINDS } from '@p2p/domain'
import { MemoryNetworkHub, nextTick } from '@p2p/testkit'
import { describe, expect, it } from 'vitest'
import { Findings, preview, show } from '../test/fuzz/findings.js'
import { fuzzedService } from '../test/fuzz/fuzzed-service.js'
import { type Expectation, expectDirect, expectGossip } from '../test/fuzz/oracle.js'
import { PayloadSource, SENDERS } from '../test/fuzz/payload-source.js'
import { Prng } from '../test/fuzz/prng.js'
import { seedEntries } from '../test/fuzz/seeds.js'

// ≥ 100,000 per topic kind and on the direct stream: about 35 s of CPU in all on a 2-core box.
// The seed makes a failure reproducible; FUZZ_SEED explores others, FUZZ_PER_KIND runs shorter.
const PER_KIND = Number(process.env.FUZZ_PER_KIND ?? 100_000)
const DIRECT = Number(process.env.FUZZ_DIRECT ?? PER_KIND)
const SEED = Number(process.env.FUZZ_SEED ?? 0x5eed_2026)
const SELF = MemoryNetworkHub.peerIdFor(0x5e1f)
// Fake time per payload: with the pool of senders, every author stays within its rate limits.
const STEP_MS = 10
const NOTHING: Expectation = { valid: false }

describe('P2PService under mutated and random payloads (fuzz)', () => {
  it('never throws, always gives a verdict, and acts only on what the oracle finds valid', async () => {
    const fuzzed = await fuzzedService(SELF, SENDERS.slice(-3))
    const { clock, listener, validator, sink, metrics, reputation, service, logger } = fuzzed
    const findings = new Findings(validator, sink)
    const verdicts: Record<string, Record<GossipVerdict, number>> = {}
    const [began, cpuBefore] = [performance.now(), process.cpuUsage()]
    /** Refused outright (not merely known already), a payload must have led to nothing at all. */
    const refusedSince = (before: number) => metrics.refusedCount > before && metrics.lastCode !== 'duplicate'

    for (const [index, kind] of TOPIC_KINDS.entries()) {
      const source = new PayloadSource(new Prng(SEED + index), seedEntries(kind, 400, SEED + index), SELF)
      const tally = { accept: 0, ignore: 0, reject: 0 }
      verdicts[kind] = tally
      for (let i = 0; i < PER_KIND; i++) {
        const { from, data } = source.next()
        const before = [validator.calls.length, sink.count, metrics.refusedCount] as const
        let verdict: GossipVerdict
        try {
          verdict = listener.gossip({ kind, from, data })
        } catch (error) {
          findings.violate(() => `${kind}: threw ${String(error)}`)
          continue
        }
        if (verdict in tally) tally[verdict]++
        else findings.violate(() => `${kind}: verdict ${String(verdict)}`)
        const expected = refusedSince(before[2]) ? NOTHING : expectGossip(kind, from, data, from === SELF)
        if (verdict === 'accept' && !expected.valid)
          findings.violate(() => `${kind}: accepted ${preview(data)}`)
        findings.check(kind, expected, before[0], before[1])
        clock.advance(STEP_MS)
        // Lets finished hand-offs settle, so each new one starts while its payload is judged.
        if (i % 256 === 255) await nextTick()
      }
    }

    const direct = new PayloadSource(new Prng(SEED + 99), seedEntries('block', 400, SEED + 99), SELF, true)
    for (let i = 0; i < DIRECT; i++) {
      if (i % 500 === 0) listener.topicPeerJoined('bestBlock', SENDERS[0] as string)
      const { from, data } = direct.next()
      const before = [validator.calls.length, sink.count, metrics.refusedCount] as const
      try {
        listener.direct({ from, data })
      } catch (error) {
        findings.violate(() => `direct: threw ${String(error)}`)
        continue
      }
      const expected = refusedSince(before[2]) ? NOTHING : expectDirect(from, data)
      // Nothing from the direct stream is ever notified.
      findings.check('direct', { ...expected, valid: false }, before[0], before[1])
      clock.advance(STEP_MS)
      if (i % 256 === 255) await nextTick()
    }

    await service.stop()
    findings.checkAllHandoffs()
    const cpu = process.cpuUsage(cpuBefore)
    const internal = [...metrics.refusals].filter(([key]) => key.endsWith(':internal'))
    const refusals = Object.fromEntries([...metrics.refusals].sort((a, b) => b[1] - a[1]))
    console.log(
      [
        `fuzz (seed ${SEED}): ${TOPIC_KINDS.length} × ${PER_KIND} gossip + ${DIRECT} direct payloads in ` +
          `${((performance.now() - began) / 1000).toFixed(1)} s (${((cpu.user + cpu.system) / 1e6).toFixed(1)} s CPU)`,
        ...TOPIC_KINDS.map((kind) => `  ${kind.padEnd(10)} ${show(verdicts[kind])}`),
        `  hand-offs: ${validator.calls.length} (${findings.handoffsAsJudged} as judged, the rest fallbacks after a failure)`,
        `  hand-off outcomes: ${show(Object.fromEntries(metrics.handoffs))}`,
        `  notifications: ${findings.notifications}`,
        `  penalties: ${show(Object.fromEntries(reputation.penalties))}`,
        `  refusals: ${show(refusals)}`,
        `  violations: ${findings.count}`,
      ].join('\n'),
    )
    expect({ violations: findings.count, first: findings.described }).toEqual({ violations: 0, first: [] })
    expect(internal).toEqual([])
    expect(logger.errors).toBe(0)
    // The generators reach every side of the judgement, or the run would prove little.
    for (const kind of TOPIC_KINDS) {
      for (const verdict of ['accept', 'ignore', 'reject'] as const)
        expect(verdicts[kind]?.[verdict]).toBeGreaterThan(0)
    }
    expect(validator.calls.length).toBeGreaterThan(findings.handoffsAsJudged)
    expect(findings.notifications).toBeGreaterThan(0)
  }, 180_000)
})
