import { type Logger, type Startable, toP2PError } from '@p2p/domain'

export interface NamedComponent {
  readonly name: string
  readonly component: Startable
}

export interface LifecycleDeps {
  /** Started in this order, stopped in reverse. */
  readonly components: readonly NamedComponent[]
  readonly logger: Logger
}

/**
 * Starts components in the order given and stops them in reverse. If one fails to start, it and
 * those already started are stopped (stop is idempotent, and a half-started component may hold
 * resources) before the error is rethrown. Stopping carries on past a failing component, so one
 * bad stop never leaves the rest running; concurrent stops share one run.
 */
export class Lifecycle implements Startable {
  private started: NamedComponent[] = []
  private stopping: Promise<void> | undefined

  private readonly components: readonly NamedComponent[]
  private readonly logger: Logger

  constructor(deps: LifecycleDeps) {
    this.components = deps.components
    this.logger = deps.logger
  }

  async start(): Promise<void> {
    for (const entry of this.components) {
      try {
        this.started.push(entry)
        await entry.component.start()
        this.logger.debug('started', { component: entry.name })
      } catch (error) {
        this.logger.error('start failed', { component: entry.name, reason: toP2PError(error).message })
        await this.stop()
        throw error
      }
    }
  }

  stop(): Promise<void> {
    this.stopping ??= this.stopAll().finally(() => {
      this.stopping = undefined
    })
    return this.stopping
  }

  private async stopAll(): Promise<void> {
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
