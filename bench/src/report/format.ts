import { round } from '../lib/stats.js'
import type { Cell } from '../lib/table.js'

export interface Table {
  readonly title: string
  readonly headers: readonly string[]
  readonly rows: Cell[][]
}

/** Numbers as "a/b/c", whole. */
export const slash = (...values: number[]) =>
  values.map((v) => (Number.isFinite(v) ? v.toFixed(0) : '–')).join('/')

/** Milliseconds to one decimal. */
export const ms = (v: number) => round(v, 1)
