import fc from 'fast-check'

/** Codecs are the wire contract: search deeper than fast-check's default of 100 runs. */
export const DOMAIN_DEFAULT_RUNS = 300

// The domain's own setup (it cannot use the testkit, which depends on it): FC_SEED replays a
// failing property run, FC_RUNS deepens the search.
const seed = process.env.FC_SEED === undefined ? undefined : Number(process.env.FC_SEED)
fc.configureGlobal({
  numRuns: process.env.FC_RUNS === undefined ? DOMAIN_DEFAULT_RUNS : Number(process.env.FC_RUNS),
  ...(seed !== undefined && Number.isInteger(seed) ? { seed } : {}),
})
