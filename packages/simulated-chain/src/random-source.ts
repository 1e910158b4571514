/** A source of numbers in [0, 1), like Math.random; pass a seeded one for reproducible chains. */
export type RandomSource = () => number

/**
 * mulberry32: a tiny, fast generator with a 32-bit state. Good enough to make a simulated chain
 * reproducible; never for anything that has to be unpredictable.
 */
export function seededRandom(seed: number): RandomSource {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b_79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296
  }
}

/** An integer in [min, max]. */
export function randomInt(random: RandomSource, min: number, max: number): number {
  // A source that returns exactly 1 (a careless stub) must not step past max.
  return Math.min(max, min + Math.floor(random() * (max - min + 1)))
}

export function randomBytes(random: RandomSource, length: number): Uint8Array {
  const out = new Uint8Array(length)
  for (let i = 0; i < length; i++) out[i] = randomInt(random, 0, 255)
  return out
}

export function randomItem<T>(random: RandomSource, items: readonly [T, ...T[]]): T {
  return items[randomInt(random, 0, items.length - 1)] ?? items[0]
}

/** `meanMs` × (1 ± jitter), rounded, and never below 1 ms so a timer cannot spin. */
export function jitteredDelay(random: RandomSource, meanMs: number, jitter: number): number {
  const factor = 1 + (random() * 2 - 1) * jitter
  return Math.max(1, Math.round(meanMs * factor))
}
