/**
 * IP literals as text → numbers, for classifying a URL's host. Only the forms a WHATWG URL
 * serialises a host to are read: IPv4 as a dotted quad of decimals (the parser has already turned
 * `0x7f.1`, `2130706433` or `127.1` into that), IPv6 as colon-separated hex groups, possibly
 * `::`-compressed, possibly with a dotted IPv4 tail. Anything else is `undefined`, not a guess.
 */

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/
const HEX_GROUP = /^[0-9a-f]{1,4}$/i

/** A dotted quad as an unsigned 32-bit number; `undefined` unless every part is 0-255. */
export function parseIpv4(text: string): number | undefined {
  const match = IPV4.exec(text)
  if (match === null) return undefined
  let value = 0
  for (const part of match.slice(1)) {
    const octet = Number(part)
    if (octet > 255) return undefined
    value = value * 256 + octet
  }
  return value
}

/** An IPv6 address (no brackets, no zone) as its eight 16-bit groups. */
export function parseIpv6(text: string): readonly number[] | undefined {
  const halves = text.split('::')
  if (halves.length > 2) return undefined
  const head = groupsOf(halves[0] ?? '')
  const tail = halves.length === 2 ? groupsOf(halves[1] ?? '') : []
  if (head === undefined || tail === undefined) return undefined
  if (halves.length === 1) return head.length === 8 ? head : undefined
  // `::` stands for at least one group of zeros.
  const missing = 8 - head.length - tail.length
  if (missing < 1) return undefined
  return [...head, ...new Array<number>(missing).fill(0), ...tail]
}

function groupsOf(text: string): number[] | undefined {
  if (text === '') return []
  const parts = text.split(':')
  const groups: number[] = []
  for (const [i, part] of parts.entries()) {
    if (i === parts.length - 1 && part.includes('.')) {
      const v4 = parseIpv4(part)
      if (v4 === undefined) return undefined
      groups.push(Math.floor(v4 / 0x1_0000), v4 % 0x1_0000)
    } else if (HEX_GROUP.test(part)) {
      groups.push(Number.parseInt(part, 16))
    } else {
      return undefined
    }
  }
  return groups.length <= 8 ? groups : undefined
}

export function ipv4ToText(value: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join('.')
}
