import {
  type BlockHeaderInfo,
  blockHeaderInfoSchema,
  type ChainNotifier,
  type Hash,
  P2PError,
  parseWith,
  toP2PError,
} from '@p2p/domain'
import type { InputGuard } from '../input-guard.js'

export interface HeaderLookupDeps {
  readonly chain: ChainNotifier
  readonly guard: InputGuard
  readonly signal: AbortSignal
}

/**
 * Header look-ups on our blockchain service, as the announcer and the best-block responder both
 * need them: bounded by the service's abort signal, checked against the schema (and against the
 * hash asked for), with every failure reported against the chain source. Resolves `undefined`
 * when there is no usable header; never rejects.
 */
export class HeaderLookup {
  constructor(private readonly deps: HeaderLookupDeps) {}

  best(context: Readonly<Record<string, unknown>>): Promise<BlockHeaderInfo | undefined> {
    return this.run(() => this.deps.chain.bestBlockHeader(this.deps.signal), context)
  }

  async byHash(hash: Hash, context: Readonly<Record<string, unknown>>): Promise<BlockHeaderInfo | undefined> {
    const header = await this.run(() => this.deps.chain.blockHeader(hash, this.deps.signal), context)
    if (header === undefined || header.hash === hash) return header
    this.deps.guard.refused(
      'chain',
      new P2PError('upstream_failed', 'the header look-up answered for another block', {
        context: { answered: header.hash },
      }),
      context,
    )
    return undefined
  }

  private async run(
    lookup: () => Promise<BlockHeaderInfo>,
    context: Readonly<Record<string, unknown>>,
  ): Promise<BlockHeaderInfo | undefined> {
    let raw: unknown
    try {
      raw = await lookup()
    } catch (error) {
      this.deps.guard.refused('chain', toP2PError(error, 'upstream_failed'), context)
      return undefined
    }
    const parsed = parseWith(blockHeaderInfoSchema, raw, 'header')
    if (parsed.ok) return parsed.value
    this.deps.guard.refused('chain', parsed.error, context)
    return undefined
  }
}
