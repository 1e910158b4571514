import type { LoadGauge } from '@p2p/domain'

/** A LoadGauge a test sets by hand; not overloaded until told. */
export class ManualLoadGauge implements LoadGauge {
  private state = false

  overloaded(): boolean {
    return this.state
  }

  set(overloaded: boolean): void {
    this.state = overloaded
  }
}
