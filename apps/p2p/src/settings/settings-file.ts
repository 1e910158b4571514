/**
 * Reads the reference's settings file format: `key=value` lines, `#` comments, and
 * `key.context=value` lines that apply only when SETTINGS_CONTEXT is that context (or starts
 * with it followed by a dot, the more specific match winning).
 */
export interface ParsedSettingsFile {
  readonly values: ReadonlyMap<string, string>
  readonly problems: readonly string[]
}

export function parseSettingsText(
  text: string,
  context: string | undefined,
  source: string,
): ParsedSettingsFile {
  const base = new Map<string, string>()
  const contextual = new Map<string, { depth: number; value: string }>()
  const problems: string[] = []
  for (const [index, rawLine] of text.split(/\r?\n/).entries()) {
    const line = rawLine.trim()
    if (line === '' || line.startsWith('#')) continue
    const equals = line.indexOf('=')
    if (equals <= 0) {
      problems.push(`${source}:${index + 1}: expected key=value`)
      continue
    }
    const name = line.slice(0, equals).trim()
    const value = line.slice(equals + 1).trim()
    const dot = name.indexOf('.')
    if (dot < 0) {
      base.set(name, value)
      continue
    }
    const key = name.slice(0, dot)
    const keyContext = name.slice(dot + 1)
    if (context === undefined || !(context === keyContext || context.startsWith(`${keyContext}.`))) continue
    const depth = keyContext.split('.').length
    const current = contextual.get(key)
    if (current === undefined || depth >= current.depth) contextual.set(key, { depth, value })
  }
  const values = new Map(base)
  for (const [key, { value }] of contextual) values.set(key, value)
  return { values, problems }
}
