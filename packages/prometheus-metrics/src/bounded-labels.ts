/**
 * A count, size or duration worth recording: a number from 0 to 2^53 − 1, or `undefined` to
 * drop it. Dropped rather than clamped: prom-client throws on a negative or infinite increment,
 * and a NaN, or a sum overflowing to Infinity, would poison a series for the life of the process;
 * clamping a bogus value to 0 or to the ceiling would invent an observation nobody made. Nothing
 * real is that large (2^53 seconds is 285 million years), and such sums never overflow.
 */
export function amount(value: number): number | undefined {
  return typeof value === 'number' && value >= 0 && value <= Number.MAX_SAFE_INTEGER ? value : undefined
}

/** The label value every out-of-bounds method name is folded into. */
export const OTHER_METHOD = 'other'

/** Enough for every RPC of the three node services, with room to spare. */
export const MAX_METHODS = 64

const METHOD_NAME = /^[A-Za-z]{1,40}$/

/**
 * Bounds the `method` label of upstream calls, the one label that is free text from adapters:
 * a name must look like an RPC name, and only the first `limit` distinct names get a series of
 * their own. Everything else is `other`, so a buggy adapter cannot grow the series without end.
 */
export class MethodLabel {
  private readonly seen = new Set<string>()

  constructor(private readonly limit: number = MAX_METHODS) {}

  of(method: string): string {
    // The hot path: a name already admitted costs one set lookup.
    if (this.seen.has(method)) return method
    if (typeof method !== 'string' || !METHOD_NAME.test(method) || this.seen.size >= this.limit) {
      return OTHER_METHOD
    }
    this.seen.add(method)
    return method
  }
}
