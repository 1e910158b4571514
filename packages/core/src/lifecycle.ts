import { type Logger, type Startable, toP2PError } from '@p2p/domain'

export interface NamedComponent {
  readonly name: string
  readonly component: Startable
}

/**
 * Starts components in the order given and stops them in reverse. If one fails to start, those
 * already started are stopped again before the error is rethrown. Stopping carries on past a
 * failing component, so one bad stop never leaves the rest running.
 */
export class Lifecycle implements Startable {
  private started: NamedComponent[] = []

  constructor(
    private readonly components: readonly NamedComponent[],
    private readonly logger: Logger,
  ) {}

  async start(): Promise<void> {
    for (const entry of this.components) {
      try {
        await entry.component.start()
        this.started.push(entry)
        this.logger.debug('started', { component: entry.name })
      } catch (error) {
        this.logger.error('start failed', { component: entry.name, reason: toP2PError(error).message })
        await this.stop()
        throw error
      }
    }
  }

  async stop(): Promise<void> {
    const toStop = this.started.reverse()
    this.started = []
    for (const entry of toStop) {
      try {
        await entry.component.stop()
        this.logger.debug('stopped', { component: entry.name })
      } catch (error) {
        const coded = toP2PError(error)
        this.logger.error('stop failed', { component: entry.name, code: coded.code, reason: coded.message })
      }
    }
  }
}
