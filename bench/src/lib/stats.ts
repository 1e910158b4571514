export interface LatencySummary {
  readonly count: number
  readonly p50: number
  readonly p99: number
  readonly max: number
  readonly mean: number
}

export const EMPTY_SUMMARY: LatencySummary = {
  count: 0,
  p50: Number.NaN,
  p99: Number.NaN,
  max: Number.NaN,
  mean: Number.NaN,
}

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return Number.NaN
  const rank = Math.ceil((p / 100) * sorted.length)
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] as number
}

export function summarize(values: ArrayLike<number>): LatencySummary {
  if (values.length === 0) return EMPTY_SUMMARY
  const sorted = Float64Array.from(values).sort()
  let sum = 0
  for (const v of sorted) sum += v
  return {
    count: sorted.length,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    max: sorted[sorted.length - 1] as number,
    mean: sum / sorted.length,
  }
}

/** A growable Float64Array, for many samples without boxing. */
export class Samples {
  private data = new Float64Array(1024)
  private size = 0

  push(value: number): void {
    if (this.size === this.data.length) {
      const bigger = new Float64Array(this.data.length * 2)
      bigger.set(this.data)
      this.data = bigger
    }
    this.data[this.size++] = value
  }

  get length(): number {
    return this.size
  }

  values(): Float64Array {
    return this.data.subarray(0, this.size)
  }

  clear(): void {
    this.size = 0
  }
}

export function round(value: number, digits = 1): number {
  if (!Number.isFinite(value)) return value
  const f = 10 ** digits
  return Math.round(value * f) / f
}
