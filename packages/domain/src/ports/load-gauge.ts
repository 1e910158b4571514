/**
 * Whether this process can keep up with what it is asked to do. The service asks it for every
 * message it could afford to lose (announcements that are recoverable later) and sheds some of
 * those while the answer is yes, before the event loop stalls and everything waits, health
 * checks and block announcements included.
 */
export interface LoadGauge {
  /** True while the process is overloaded. Cheap, and without side effects: asked per message. */
  overloaded(): boolean
}
