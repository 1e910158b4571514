import { type LatencySummary, summarize } from '../lib/stats.js'
import type { ServiceNode } from './service-nodes.js'

interface ValidatorCall {
  readonly kind: string
  readonly hash: string
  readonly atMs: number
}

export interface ValidationSamplerDeps {
  readonly nodes: readonly ServiceNode[]
}

export interface ValidationSamplerOptions {
  /** Poll interval; 250 ms when left out. */
  readonly everyMs?: number
}

/**
 * dev-services' /status lists only the last 20 block-validation calls (with their arrival time),
 * so this polls it during a run and keeps what it sees: a sample of send → SubtreeFound latency.
 */
export class ValidationSampler {
  private readonly seen = new Map<string, number>()
  private timer: NodeJS.Timeout | undefined
  private polling: Promise<void> = Promise.resolve()

  private readonly nodes: readonly ServiceNode[]
  private readonly everyMs: number

  constructor(deps: ValidationSamplerDeps, options: ValidationSamplerOptions = {}) {
    this.nodes = deps.nodes
    this.everyMs = options.everyMs ?? 250
  }

  start(): this {
    this.timer = setInterval(() => {
      this.polling = this.poll()
    }, this.everyMs)
    return this
  }

  /** Latency (ms, Date.now() resolution) of the sampled calls whose hash is in `sends`. */
  async stop(sends: ReadonlyMap<string, number>): Promise<LatencySummary> {
    clearInterval(this.timer)
    await this.polling
    await this.poll()
    const latencies: number[] = []
    for (const [key, atMs] of this.seen) {
      const sentAt = sends.get(key.slice(key.indexOf(':') + 1))
      if (sentAt !== undefined) latencies.push(atMs - sentAt)
    }
    return summarize(latencies)
  }

  private async poll(): Promise<void> {
    await Promise.all(
      this.nodes.map(async (node) => {
        try {
          const status = await node.control.json<{ validatorCalls?: ValidatorCall[] }>(
            'GET',
            '/status',
            2_000,
          )
          for (const call of status.validatorCalls ?? [])
            if (call.kind === 'subtree') this.seen.set(`${node.name}:${call.hash}`, call.atMs)
        } catch {
          // a missed sample under load
        }
      }),
    )
  }
}
