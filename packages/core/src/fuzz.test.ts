import {
  type GossipVerdict,
  type InboundGossip,
  OFFENCES,
  type PeerNetworkListener,
  SPEC2024_KINDS,
} from '@p2p/domain'
import { MemoryNetworkHub, nextTick } from '@p2p/testkit'
import { describe, expect, it } from 'vitest'
import { Findings, preview, show } from '../test/fuzz/findings.js'
import { fuzzedService } from '../test/fuzz/fuzzed-service.js'
import { type Expectation, expectDirect, expectGossip } from '../test/fuzz/oracle.js'
import { PayloadSource, SENDERS } from '../test/fuzz/payload-source.js'
import { Prng } from '../test/fuzz/prng.js'
import { foreignJson, seedEntries } from '../test/fuzz/seeds.js'

// Two budgets, one test. `pnpm test` runs a small fixed one on a fixed seed (a few seconds, the
// same payloads every time). `pnpm fuzz` (FUZZ=full) runs ≥ 100,000 per topic kind and on the
// direct stream (about 20 s of CPU on a 2-core box) on a new seed each time, printed at the start
// and in every failure; FUZZ_SEED=<n> replays one, FUZZ_PER_KIND and FUZZ_DIRECT set the counts.
const FULL = process.env.FUZZ === 'full'
const PER_KIND = envNumber('FUZZ_PER_KIND', FULL ? 100_000 : 5_000)
const DIRECT = envNumber('FUZZ_DIRECT', PER_KIND)
const SEED = envNumber('FUZZ_SEED', FULL ? Math.floor(Date.now() / 1000) : 0x5eed_2026)
const REPLAY = `seed ${SEED}; replay with FUZZ_SEED=${SEED} FUZZ_PER_KIND=${PER_KIND} pnpm fuzz`
const SELF = MemoryNetworkHub.peerIdFor(0x5e1f)
// Fake time per payload: with the pool of senders, every author stays within its rate limits.
const STEP_MS = 10
const NOTHING: Expectation = { valid: false }

function envNumber(name: string, fallback: number): number {
  const text = process.env[name]
  if (text === undefined || text === '') return fallback
  const value = Number(text)
  if (!Number.isSafeInteger(value) || value < 0) throw new Error(`${name}=${text} is not a whole number`)
  return value
}

/**
 * The fuzzer's one call into the listener's judgement: the verdict, with what it set in motion
 * (hand-offs, notifications, penalties) done before the oracle looks. How the listener returns
 * its verdict and its effects is this function's business alone.
 */
function judge(listener: PeerNetworkListener, message: InboundGossip): GossipVerdict {
  const verdict = listener.gossip(message)
  listener.afterVerdicts()
  return verdict
}

describe('P2PService under mutated and random payloads (fuzz)', () => {
  it(
    `never throws, always gives a verdict, and acts only on what the oracle finds valid (${REPLAY})`,
    async () => {
      console.log(
        `fuzz: ${SPEC2024_KINDS.length} × ${PER_KIND} gossip + ${DIRECT} direct payloads, ${REPLAY}`,
      )
      const fuzzed = await fuzzedService(SELF, SENDERS, SENDERS.slice(-3))
      const { clock, listener, validator, sink, metrics, reputation, service, logger, hub } = fuzzed
      const findings = new Findings(validator, sink)
      const verdicts: Record<string, Record<GossipVerdict, number>> = {}
      const [began, cpuBefore] = [performance.now(), process.cpuUsage()]
      /** Refusals other than "known already": a payload refused so must have led to nothing at all. */
      const refusedOutright = () =>
        metrics.count('inputRejected') - metrics.count('inputRejected', { code: 'duplicate' })

      for (const [index, kind] of SPEC2024_KINDS.entries()) {
        const seed = SEED + index
        const source = new PayloadSource(
          new Prng(seed),
          seedEntries(kind, 400, seed),
          SELF,
          false,
          foreignJson(200, seed),
        )
        const tally = { accept: 0, ignore: 0, reject: 0 }
        verdicts[kind] = tally
        for (let i = 0; i < PER_KIND; i++) {
          const { from, data } = source.next()
          findings.at = `#${i}`
          const before = [validator.callCount, sink.count, refusedOutright()] as const
          let verdict: GossipVerdict
          try {
            verdict = judge(listener, { kind, from, data })
          } catch (error) {
            findings.violate(() => `${kind}: threw ${String(error)} on ${preview(data)}`)
            continue
          }
          if (verdict in tally) tally[verdict]++
          else findings.violate(() => `${kind}: verdict ${String(verdict)}`)
          const expected =
            refusedOutright() > before[2] ? NOTHING : expectGossip(kind, from, data, from === SELF)
          if (verdict === 'accept' && !expected.valid)
            findings.violate(() => `${kind}: accepted ${preview(data)}`)
          findings.check(kind, expected, before[0], before[1])
          clock.advance(STEP_MS)
          // Lets finished hand-offs settle, so each new one starts while its payload is judged.
          if (i % 256 === 255) await nextTick()
        }
      }

      const directSeed = SEED + 99
      const direct = new PayloadSource(
        new Prng(directSeed),
        seedEntries('block', 400, directSeed),
        SELF,
        true,
        foreignJson(200, directSeed),
      )
      for (let i = 0; i < DIRECT; i++) {
        if (i % 500 === 0) listener.topicPeerJoined('bestBlock', SENDERS[0] as string)
        const { from, data } = direct.next()
        findings.at = `#${i}`
        const before = [validator.callCount, sink.count, refusedOutright()] as const
        try {
          listener.direct({ from, data })
        } catch (error) {
          findings.violate(() => `direct: threw ${String(error)} on ${preview(data)}`)
          continue
        }
        const expected = refusedOutright() > before[2] ? NOTHING : expectDirect(from, data)
        // Nothing from the direct stream is ever notified.
        findings.check('direct', { ...expected, valid: false }, before[0], before[1])
        clock.advance(STEP_MS)
        if (i % 256 === 255) await nextTick()
      }

      await service.stop()
      findings.checkAllHandoffs()
      const cpu = process.cpuUsage(cpuBefore)
      const refusalCounts = Object.entries(metrics.tally('inputRejected', 'source', 'code'))
      const internal = refusalCounts.filter(([key]) => key.endsWith(':internal'))
      const refusals = Object.fromEntries(refusalCounts.sort((a, b) => b[1] - a[1]))
      const penalties = Object.fromEntries(OFFENCES.map((o) => [o, reputation.penaltyCount(o)]))
      // Our own best-block requests came back through the hub and were judged like any gossip.
      const echoes = hub.delivered.filter((delivery) => delivery.to === SELF)
      console.log(
        [
          `fuzz (${REPLAY}): ${SPEC2024_KINDS.length} × ${PER_KIND} gossip + ${DIRECT} direct payloads in ` +
            `${((performance.now() - began) / 1000).toFixed(1)} s (${((cpu.user + cpu.system) / 1e6).toFixed(1)} s CPU)`,
          ...SPEC2024_KINDS.map((kind) => `  ${kind.padEnd(10)} ${show(verdicts[kind])}`),
          `  hand-offs: ${validator.callCount} (${findings.handoffsAsJudged} as judged, the rest fallbacks after a failure)`,
          `  hand-off outcomes: ${show(metrics.tally('handoff', 'kind', 'outcome'))}`,
          `  notifications: ${findings.notifications}`,
          `  own messages judged again: ${echoes.length}`,
          `  penalties: ${show(penalties)}`,
          `  refusals: ${show(refusals)}`,
          `  violations: ${findings.count}`,
        ].join('\n'),
      )
      expect({ violations: findings.count, first: findings.described }, REPLAY).toEqual({
        violations: 0,
        first: [],
      })
      expect(internal, REPLAY).toEqual([])
      expect(logger.countOf('error'), `${REPLAY}; ${logger.firstProblems.join('; ')}`).toBe(0)
      // Every notification was encodable, as a websocket client would receive it.
      expect(sink.encodeFailures, REPLAY).toEqual([])
      // Every judged message is counted once, with the verdict it got; our own requests too.
      const judged = structuredClone(verdicts)
      for (const { kind, verdict } of echoes) (judged[kind] as Record<GossipVerdict, number>)[verdict]++
      const counted = Object.fromEntries(
        SPEC2024_KINDS.map((kind) => [
          kind,
          {
            accept: 0,
            ignore: 0,
            reject: 0,
            ...verdictsCounted(metrics.tally('gossipVerdict', 'kind', 'verdict'), kind),
          },
        ]),
      )
      expect(counted, REPLAY).toEqual(judged)
      // The generators reach every side of the judgement, or the run would prove little.
      for (const kind of SPEC2024_KINDS) {
        for (const verdict of ['accept', 'ignore', 'reject'] as const)
          expect(verdicts[kind]?.[verdict], `${kind} ${verdict}, ${REPLAY}`).toBeGreaterThan(0)
      }
      expect(validator.callCount, REPLAY).toBeGreaterThan(findings.handoffsAsJudged)
      expect(findings.notifications, REPLAY).toBeGreaterThan(0)
    },
    FULL ? 600_000 : 60_000,
  )
})

/** The verdicts the metrics counted for one kind (`kind:verdict` keys). */
function verdictsCounted(counts: Readonly<Record<string, number>>, kind: string): Record<string, number> {
  return Object.fromEntries(
    Object.entries(counts)
      .filter(([key]) => key.startsWith(`${kind}:`))
      .map(([key, n]) => [key.slice(kind.length + 1), n]),
  )
}
