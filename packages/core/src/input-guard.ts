import { type InputSource, type Logger, type P2PError, type P2PMetrics, toP2PError } from '@p2p/domain'

const FROM_NETWORK: ReadonlySet<InputSource> = new Set([
  'bestBlock',
  'block',
  'subtree',
  'miningOn',
  'rejectedTx',
  'direct',
])

/**
 * The one place refused input is reported. Input from peers is logged at debug (a hostile peer
 * must not be able to fill our logs) and always counted; input from our own node services that
 * does not parse means a broken deployment, so it is a warning.
 */
export class InputGuard {
  constructor(
    private readonly logger: Logger,
    private readonly metrics: P2PMetrics,
  ) {}

  refused(source: InputSource, error: unknown, context: Readonly<Record<string, unknown>> = {}): P2PError {
    const coded = toP2PError(error, 'internal')
    this.metrics.inputRejected(source, coded.code)
    const entry = { source, code: coded.code, reason: coded.message, ...coded.context, ...context }
    if (FROM_NETWORK.has(source)) this.logger.debug('input refused', entry)
    else this.logger.warn('input from node service refused', entry)
    return coded
  }
}
