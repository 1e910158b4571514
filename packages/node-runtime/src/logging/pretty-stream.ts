import { Writable } from 'node:stream'

const LEVEL_WIDTH = 5

/**
 * A pino destination that turns its JSON lines into one readable line each, for a terminal:
 * `06:41:07 INFO  message key=value …`. Lines that are not JSON pass through untouched.
 */
export function prettyStream(out: { write(text: string): unknown } = process.stdout): Writable {
  return new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n')) {
        if (line !== '') out.write(`${prettyLine(line)}\n`)
      }
      done()
    },
  })
}

export function prettyLine(line: string): string {
  let record: Record<string, unknown>
  try {
    record = JSON.parse(line) as Record<string, unknown>
  } catch {
    return line
  }
  const { time, level, msg, ...rest } = record
  const clock = typeof time === 'string' ? time.slice(11, 19) : ''
  const fields = Object.entries(rest)
    .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join(' ')
  return `${clock} ${String(level ?? '')
    .toUpperCase()
    .padEnd(LEVEL_WIDTH)} ${String(msg ?? '')}${fields === '' ? '' : ` ${fields}`}`
}
