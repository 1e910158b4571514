#!/usr/bin/env node
// `node bench/dist/tools/profile-summary.js <file.cpuprofile>…`: where a --cpu-prof profile's time
// went, by package and by function (self time), for runs made with BENCH_CPU_PROF=<dir>.
import { readFileSync } from 'node:fs'

interface ProfileNode {
  readonly id: number
  readonly children?: readonly number[]
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number }
}

interface Profile {
  readonly nodes: readonly ProfileNode[]
  readonly samples: readonly number[]
  readonly timeDeltas: readonly number[]
}

const SPECIAL = new Set(['(idle)', '(garbage collector)', '(program)'])

function packageOf(url: string): string {
  if (url === '') return '(native)'
  if (url.startsWith('node:')) return 'node: (internals, crypto, streams)'
  const pnpm = /node_modules\/\.pnpm\/(@[^+/]+\+[^@/]+|[^@/]+)@/.exec(url)
  if (pnpm?.[1] !== undefined) return pnpm[1].replace('+', '/')
  const ours = /\/(packages|apps|bench)\/([^/]+)\//.exec(url)
  return ours === null ? url.slice(-60) : `${ours[1]}/${ours[2]}`
}

function summarise(file: string, top: number): string {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile
  const byId = new Map(profile.nodes.map((n) => [n.id, n]))
  const parentOf = new Map<number, number>()
  for (const n of profile.nodes) for (const child of n.children ?? []) parentOf.set(child, n.id)
  // Time inside Node's own code (streams, crypto, timers) counts for the package that called it.
  const owner = (id: number): string => {
    for (let at: number | undefined = id; at !== undefined; at = parentOf.get(at)) {
      const url = byId.get(at)?.callFrame.url ?? ''
      if (url !== '' && !url.startsWith('node:')) return packageOf(url)
    }
    return 'node: (internals, crypto, streams)'
  }
  const byPackage = new Map<string, number>()
  const byFunction = new Map<string, number>()
  let total = 0
  profile.samples.forEach((id, i) => {
    const frame = byId.get(id)?.callFrame
    const micros = profile.timeDeltas[i] ?? 0
    if (frame === undefined) return
    total += micros
    const name = frame.functionName || '(anonymous)'
    const pkg = SPECIAL.has(name) ? name : owner(id)
    byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + micros)
    const fn = SPECIAL.has(name) ? name : `${name} (${packageOf(frame.url)}:${frame.lineNumber + 1})`
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + micros)
  })
  const busy = total - (byPackage.get('(idle)') ?? 0)
  const list = (map: Map<string, number>) =>
    [...map]
      .filter(([key]) => key !== '(idle)')
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([key, micros]) => `  ${((100 * micros) / Math.max(1, busy)).toFixed(1).padStart(5)} %  ${key}`)
      .join('\n')
  return [
    `${file}: ${(total / 1e6).toFixed(1)} s sampled, ${(busy / 1e6).toFixed(1)} s busy (shares below are of busy time)`,
    'by package (time in Node internals charged to the calling package):',
    list(byPackage),
    'by function (self time):',
    list(byFunction),
  ].join('\n')
}

const files = process.argv.slice(2)
if (files.length === 0) {
  console.error('usage: node bench/dist/tools/profile-summary.js <file.cpuprofile>…')
  process.exit(2)
}
for (const file of files) console.log(`${summarise(file, 15)}\n`)
