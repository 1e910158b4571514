/**
 * A long-lived component. `start` may be called once; `stop` is idempotent and leaves no
 * timers, sockets or streams behind.
 */
export interface Startable {
  start(): Promise<void>
  stop(): Promise<void>
}

export type Unsubscribe = () => void
