// Plain builders use Math.random: values only need to differ, not to be unpredictable.

export const BASE58_ALPHABET = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz'

/** An integer in [min, max]. */
export function randomInt(min: number, max: number): number {
  return min + Math.floor(Math.random() * (max - min + 1))
}

/** A bigint in [0, max], for ranges beyond 2^53. */
export function randomBigInt(max: bigint): bigint {
  let value = 0n
  for (let bits = 0n; 1n << bits <= max; bits += 32n)
    value = (value << 32n) | BigInt(randomInt(0, 0xffff_ffff))
  return value % (max + 1n)
}

export function randomItem<T>(items: readonly [T, ...T[]]): T {
  return items[randomInt(0, items.length - 1)] ?? items[0]
}

export function randomText(alphabet: string, length: number): string {
  let out = ''
  for (let i = 0; i < length; i++) out += alphabet[randomInt(0, alphabet.length - 1)]
  return out
}

export function randomBytes(length: number): Uint8Array {
  const out = new Uint8Array(length)
  for (let i = 0; i < length; i++) out[i] = randomInt(0, 255)
  return out
}
