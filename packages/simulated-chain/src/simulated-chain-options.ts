import { P2PError, UINT32_MAX } from '@p2p/domain'
import { z } from 'zod'

const positiveMs = z.number().int().positive()

export const simulatedChainOptionsSchema = z.object({
  /** Mean time between subtrees. */
  subtreeIntervalMs: positiveMs.default(1_000),
  /** Mean time between blocks; a block takes in every subtree made since the one before. */
  blockIntervalMs: positiveMs.default(10_000),
  /** Mean time between rejected transactions; 0 turns them off. */
  rejectedTxIntervalMs: z.number().int().min(0).default(7_000),
  /** Each interval is drawn from mean × (1 ± jitter), so events do not tick like a metronome. */
  jitter: z.number().min(0).max(0.9).default(0.2),
  /** The asset / data hub URL the chain events carry. */
  baseUrl: z.url({ protocol: /^https?$/ }).default('http://localhost:8090/api/v1'),
  /** The coinbase text of the blocks we mine. */
  miner: z.string().max(256).default('/simulated/'),
  /** Height of the genesis-like block that exists from construction on. */
  startHeight: z.number().int().min(0).max(UINT32_MAX).default(1),
  /** Headers kept for look-ups by hash; older ones are forgotten (the best one never is). */
  historyLimit: z.number().int().min(1).max(1_000_000).default(10_000),
  /** Produce on timers while production is leased; false = only the manual triggers produce. */
  autoRun: z.boolean().default(true),
})

export type SimulatedChainOptionsInput = z.input<typeof simulatedChainOptionsSchema>
export type SimulatedChainOptions = z.output<typeof simulatedChainOptionsSchema>

/** Validates the settings; every problem is reported at once, as one invalid_config error. */
export function parseSimulatedChainOptions(input: unknown = {}): SimulatedChainOptions {
  const parsed = simulatedChainOptionsSchema.safeParse(input)
  if (parsed.success) return parsed.data
  const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
  throw new P2PError('invalid_config', `invalid simulated chain settings: ${problems.join('; ')}`, {
    context: { problems },
  })
}
