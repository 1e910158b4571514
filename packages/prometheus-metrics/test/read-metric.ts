import type { Registry } from 'prom-client'

type Labels = Readonly<Record<string, string | number>>

/** One sample as prom-client's `get()` returns it; histogram samples name their series. */
interface Sample {
  readonly value: number
  readonly labels: Labels
  readonly metricName?: string
}

/**
 * The value of one sample, read back from the registry the way a scrape would (`get()` runs the
 * collect callbacks): the sample of `name` whose labels include `labels`, or 0 when there is none.
 * For a histogram, `name` is one of its `_bucket`, `_sum` or `_count` series.
 */
export async function sampleValue(registry: Registry, name: string, labels: Labels = {}): Promise<number> {
  const sample = await findSample(registry, name, labels)
  return sample?.value ?? 0
}

/** Like `sampleValue`, but `undefined` when the sample is absent, to tell absent from 0. */
export async function findSample(
  registry: Registry,
  name: string,
  labels: Labels = {},
): Promise<Sample | undefined> {
  const metric =
    registry.getSingleMetric(name) ?? registry.getSingleMetric(name.replace(/_(bucket|sum|count)$/, ''))
  if (metric === undefined) throw new Error(`no metric named ${name} in the registry`)
  const values = (await metric.get()).values as readonly Sample[]
  const wanted = Object.entries(labels)
  return values.find(
    (sample) =>
      (sample.metricName ?? name) === name && wanted.every(([key, value]) => sample.labels[key] === value),
  )
}
