import type { Clock } from '@p2p/domain'
import { MemoryBlockValidator, type MemoryBlockValidatorOptions } from '@p2p/memory-ports'

export interface SimulatedBlockValidatorDeps {
  readonly clock: Clock
}

export type SimulatedBlockValidatorOptions = Pick<MemoryBlockValidatorOptions, 'callLogLimit'>

/** A node runs the simulated service for days: the log keeps this many calls unless told otherwise. */
export const SIMULATED_CALL_LOG_LIMIT = 1_000

/**
 * The block validation service, simulated: the family's in-memory validator (it accepts every
 * announcement and logs who announced what, and when), with a call log bounded for a process
 * that runs on. It has nothing to do with the chain; development harnesses script its faults.
 */
export class SimulatedBlockValidator extends MemoryBlockValidator {
  constructor(deps: SimulatedBlockValidatorDeps, options: SimulatedBlockValidatorOptions = {}) {
    super(deps, {
      name: 'SimulatedBlockValidator',
      callLogLimit: options.callLogLimit ?? SIMULATED_CALL_LOG_LIMIT,
    })
  }
}
