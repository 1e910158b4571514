/** The calls of one metric that had the same labels, counted, with their amounts summed. */
interface Series {
  readonly labels: Readonly<Record<string, unknown>>
  count: number
  readonly sums: Record<string, number>
}

type Labels = Readonly<Record<string, unknown>>

/**
 * One metric's series. Every call of a metric passes the same labels, so which of them are
 * amounts (numbers: bytes, seconds) and which name a series is learned from the first call.
 * A series is found through one map per label rather than by a key built for every call, and
 * each label's values are also counted on their own, so a count on one label is a look-up.
 */
class MetricSeries {
  total = 0
  readonly all: Series[] = []
  readonly amounts: readonly string[]
  private readonly names: readonly string[]
  private readonly tree = new Map<unknown, unknown>()
  /** Per label (in the order of `names`), calls by value. */
  private readonly byValue: ReadonlyArray<Map<unknown, number>>

  constructor(first: Labels) {
    const names = Object.keys(first).filter((name) => name !== 'metric')
    this.names = names.filter((name) => typeof first[name] !== 'number')
    this.amounts = names.filter((name) => typeof first[name] === 'number')
    this.byValue = this.names.map(() => new Map())
  }

  add(labels: Labels): void {
    this.total++
    let node = this.tree
    const { names, byValue } = this
    for (let i = 0; i < names.length; i++) {
      const value = labels[names[i] as string]
      const counts = byValue[i] as Map<unknown, number>
      counts.set(value, (counts.get(value) ?? 0) + 1)
      if (i === names.length - 1) break
      let next = node.get(value) as Map<unknown, unknown> | undefined
      if (next === undefined) {
        next = new Map()
        node.set(value, next)
      }
      node = next
    }
    const leaf = names.length === 0 ? undefined : labels[names[names.length - 1] as string]
    let series = node.get(leaf) as Series | undefined
    if (series === undefined) series = this.open(node, leaf, labels)
    series.count++
    for (const name of this.amounts) series.sums[name] = (series.sums[name] ?? 0) + (labels[name] as number)
  }

  /** Calls whose label `name` was `value`; undefined for a label this metric does not have. */
  countOf(name: string, value: unknown): number | undefined {
    const index = this.names.indexOf(name)
    return index < 0 ? undefined : (this.byValue[index]?.get(value) ?? 0)
  }

  private open(node: Map<unknown, unknown>, leaf: unknown, labels: Labels): Series {
    const own: Record<string, unknown> = {}
    for (const name of this.names) own[name] = labels[name]
    const series: Series = { labels: own, count: 0, sums: {} }
    node.set(leaf, series)
    this.all.push(series)
    return series
  }
}

/**
 * Counts of every call by metric and series, kept whatever the call log keeps, so that a run of
 * millions of calls still answers "how many, matching these labels" in memory it can afford.
 */
export class SeriesCounts {
  private readonly metrics = new Map<string, MetricSeries>()

  /** One call: its `metric` names the metric, its other fields are the labels. */
  add(call: Labels & { readonly metric: string }): void {
    let series = this.metrics.get(call.metric)
    if (series === undefined) {
      series = new MetricSeries(call)
      this.metrics.set(call.metric, series)
    }
    series.add(call)
  }

  /**
   * Calls of `metric` whose labels match; undefined when `match` names an amount (`clients:
   * 100`), which series add up rather than keep apart.
   */
  count(metric: string, match: Labels): number | undefined {
    const series = this.metrics.get(metric)
    if (series === undefined) return 0
    const names = Object.keys(match)
    if (names.length === 0) return series.total
    if (names.some((name) => series.amounts.includes(name))) return undefined
    if (names.length === 1) {
      const name = names[0] as string
      const counted = series.countOf(name, match[name])
      if (counted !== undefined) return counted
    }
    let total = 0
    for (const one of series.all) if (matches(one, names, match)) total += one.count
    return total
  }

  /** The total of amount `field` over the matching calls; undefined as for `count`. */
  sum(metric: string, field: string, match: Labels): number | undefined {
    const series = this.metrics.get(metric)
    if (series === undefined) return 0
    const names = Object.keys(match)
    if (names.some((name) => series.amounts.includes(name))) return undefined
    let total = 0
    for (const one of series.all) if (matches(one, names, match)) total += one.sums[field] ?? 0
    return total
  }

  /** Counts by the values of `names`, joined with ':'. */
  tally(metric: string, names: readonly string[]): Record<string, number> {
    const counts: Record<string, number> = {}
    for (const one of this.metrics.get(metric)?.all ?? []) {
      const key = names.map((name) => String(one.labels[name])).join(':')
      counts[key] = (counts[key] ?? 0) + one.count
    }
    return counts
  }

  clear(): void {
    this.metrics.clear()
  }
}

function matches(series: Series, names: readonly string[], match: Labels): boolean {
  for (const name of names) if (series.labels[name] !== match[name]) return false
  return true
}
