#!/usr/bin/env node
// `pnpm bench [--quick] [--only=gossip|bare|service|ref,fanout,scale,mesh,idle]`: runs the scenarios,
// or `pnpm bench --soak [--soak-minutes=10] [--soak-rate=300]`: the soak alone.
// prints tables, writes bench/results/latest.json and latest.md (partial.* with --only). Exits 0
// whatever the figures are, and non-zero only when the harness itself broke (a process did not
// start, a child crashed, a timeout).
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { goProgram } from '@p2p/interop'
import { runFanout } from './fanout/fanout-scenario.js'
import { runBareGossip } from './gossip/bare-scenario.js'
import { runRefGossip } from './gossip/ref-scenario.js'
import { runServiceGossip } from './gossip/service-scenario.js'
import { runIdle } from './idle/idle-scenario.js'
import { killAllNow, liveChildren, stopAll } from './lib/children.js'
import { machineInfo } from './lib/machine.js'
import { RESULTS_DIR } from './lib/paths.js'
import { markdownTable, textTable } from './lib/table.js'
import { FULL, QUICK } from './plans.js'
import type { BenchResults } from './report/results.js'
import { tablesOf } from './report/tables.js'
import { targetsTable } from './report/targets.js'
import { runProcessMesh } from './scale/process-mesh.js'
import { runScale } from './scale/scale-scenario.js'
import { runSoak } from './soak/soak-scenario.js'

const plan = process.argv.includes('--quick') ? QUICK : FULL
const argValue = (name: string) =>
  process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(`--${name}=`.length)
const soak = process.argv.includes('--soak')
// The soak runs alone, and only when asked: ten minutes is not part of any other run.
const only = soak ? ['soak'] : argValue('only')?.split(',')
const wanted = (name: string) => only === undefined || only.includes(name)
// `--only=bare`, `--only=service` or `--only=ref` runs part of the gossip scenario.
const wantedPart = (name: string) => only === undefined || only.includes('gossip') || only.includes(name)
const gossipParts = ['bare', 'service', 'ref'].filter(wantedPart)

// Without the Go build, say so now rather than after minutes of other scenarios.
if (wantedPart('ref')) {
  try {
    goProgram('refpeer')
  } catch (error) {
    console.error(`[bench] gossip (c) needs the Go reference peer: ${(error as Error).message}`)
    process.exit(1)
  }
}

// No orphans: whatever ends this process, its children go with it.
process.on('exit', killAllNow)
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    console.error(`\n${signal}: stopping ${liveChildren()} child processes`)
    void stopAll(2_000).finally(() => process.exit(130))
  })
}

const results: BenchResults = {
  mode: plan.mode,
  startedAt: new Date().toISOString(),
  machine: machineInfo(),
  failures: [],
}
const began = performance.now()

async function scenario(name: string, work: () => Promise<void>, enabled = wanted(name)): Promise<void> {
  if (!enabled) return
  const started = performance.now()
  console.error(`[bench] ${name}…`)
  try {
    await work()
    console.error(`[bench] ${name} done in ${((performance.now() - started) / 1000).toFixed(1)} s`)
  } catch (error) {
    const text = error instanceof Error ? (error.stack ?? error.message) : String(error)
    console.error(`[bench] ${name} FAILED: ${text}`)
    results.failures.push({ scenario: name, error: text })
  } finally {
    await stopAll()
  }
}

console.error(
  `[bench] ${plan.mode} run on ${results.machine.nproc} × ${results.machine.cpuModel}, node ${results.machine.node}`,
)
const gossip: NonNullable<BenchResults['gossip']> = { bare: [], service: [], serviceTeranode: [], ref: [] }
await scenario(
  'gossip',
  async () => {
    results.gossip = gossip
    if (wantedPart('bare')) gossip.bare = await runBareGossip(plan.gossip)
    if (wantedPart('service')) {
      gossip.service = await runServiceGossip(plan.gossip, 'spec2024')
      gossip.serviceTeranode = await runServiceGossip(plan.gossip, 'teranode')
    }
    // Last, so that a refpeer that breaks costs no figures of ours.
    if (wantedPart('ref')) gossip.ref = await runRefGossip(plan.gossip)
  },
  gossipParts.length > 0,
)
await scenario('fanout', async () => {
  results.fanout = await runFanout(plan.fanout)
})
await scenario('scale', async () => {
  results.scale = await runScale(plan.scale)
})
await scenario(
  'soak',
  async () => {
    results.soak = await runSoak({
      minutes: Number(argValue('soak-minutes') ?? 10),
      rate: Number(argValue('soak-rate') ?? 300),
      sampleMs: 5_000,
    })
  },
  soak,
)
await scenario('mesh', async () => {
  results.processMesh = await runProcessMesh(plan.processMesh)
})
await scenario('idle', async () => {
  results.idle = await runIdle(plan.idleMs)
})
results.seconds = Math.round((performance.now() - began) / 100) / 10

const tables = [...tablesOf(results), targetsTable(results)]
const m = results.machine
const header = `${plan.mode} run, ${results.startedAt}, ${results.seconds} s — ${m.nproc} × ${m.cpuModel}, ${m.ramGb} GB RAM, node ${m.node}, load at start ${m.loadAverageAtStart.join(' ')}`
console.log(`\n${header}\n`)
console.log(tables.map((t) => textTable(t.title, t.headers, t.rows)).join('\n\n'))
if (results.failures.length > 0)
  console.log(
    `\nBROKEN: ${results.failures.map((f) => `${f.scenario}: ${f.error.split('\n')[0]}`).join('; ')}`,
  )

await mkdir(RESULTS_DIR, { recursive: true })
// A run of some scenarios only does not replace the last complete one.
const base = only === undefined ? 'latest' : 'partial'
await writeFile(join(RESULTS_DIR, `${base}.json`), `${JSON.stringify(results, null, 2)}\n`)
await writeFile(
  join(RESULTS_DIR, `${base}.md`),
  `${header}\n\n${tables.map((t) => markdownTable(t.title, t.headers, t.rows)).join('\n\n')}\n`,
)
console.log(`\nwritten: ${join(RESULTS_DIR, `${base}.json`)} and ${base}.md`)
process.exit(results.failures.length > 0 ? 1 : 0)
