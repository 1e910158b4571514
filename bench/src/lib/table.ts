export type Cell = string | number | undefined

export function cell(value: Cell, digits = 1): string {
  if (value === undefined) return '–'
  if (typeof value === 'string') return value
  if (!Number.isFinite(value)) return '–'
  return Number.isInteger(value) ? String(value) : value.toFixed(digits)
}

/** A plain-text table with right-aligned numbers, for the terminal. */
export function textTable(title: string, headers: readonly string[], rows: readonly Cell[][]): string {
  const text = rows.map((row) => row.map((c) => cell(c)))
  const widths = headers.map((h, i) => Math.max(h.length, ...text.map((row) => (row[i] ?? '').length)))
  const line = (cells: readonly string[], raw?: readonly Cell[]) =>
    cells
      .map((c, i) => (typeof raw?.[i] === 'number' ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd()
  return [
    title,
    line(headers),
    widths.map((w) => '-'.repeat(w)).join('  '),
    ...text.map((row, i) => line(row, rows[i])),
  ].join('\n')
}

/** The same table in Markdown, for docs/benchmarks.md. */
export function markdownTable(title: string, headers: readonly string[], rows: readonly Cell[][]): string {
  const align = headers.map((_, i) => (rows.some((row) => typeof row[i] === 'number') ? '---:' : '---'))
  return [
    `**${title}**`,
    '',
    `| ${headers.join(' | ')} |`,
    `| ${align.join(' | ')} |`,
    ...rows.map((row) => `| ${row.map((c) => cell(c)).join(' | ')} |`),
  ].join('\n')
}
