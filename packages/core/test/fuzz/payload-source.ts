import { MemoryNetworkHub } from '@p2p/testkit'
import { BYTE_MUTATORS, ENTRY_MUTATORS } from './mutators.js'
import type { Prng } from './prng.js'
import { type Entry, toJsonText } from './seeds.js'

const encoder = new TextEncoder()
const entryMutators = Object.values(ENTRY_MUTATORS)
const byteMutators = Object.values(BYTE_MUTATORS)

/** The senders: a pool of peers, so that per-author rate limits are met and not the subject here. */
export const SENDERS = Array.from({ length: 96 }, (_, i) => MemoryNetworkHub.peerIdFor(0x1000 + i))

export interface Payload {
  readonly from: string
  readonly data: Uint8Array
  readonly mutated: boolean
}

/**
 * Payloads for one topic: a quarter valid as they come, the rest with one to three mutations of
 * the JSON members and, half the time, of the bytes; now and then an earlier payload replayed,
 * or JSON that is no message at all.
 */
export class PayloadSource {
  private readonly recent: Payload[] = []
  private readonly hashes: string[] = []
  /** Whom a spoofed PeerId names: other senders, or us. */
  private readonly spoofed: readonly string[]

  constructor(
    private readonly rng: Prng,
    private readonly seeds: readonly Entry[][],
    private readonly self: string,
    /** A best-block reply names nobody. */
    private readonly anonymous = false,
    /** JSON texts of anything but a message (`foreignJson`). */
    private readonly foreign: readonly string[] = [],
  ) {
    this.spoofed = [...SENDERS.slice(0, 4), self]
  }

  next(): Payload {
    const { rng } = this
    if (this.recent.length > 0 && rng.chance(0.03)) return rng.pick(this.recent)
    const from = rng.chance(0.02) ? this.self : rng.pick(SENDERS)
    if (this.foreign.length > 0 && rng.chance(0.02)) {
      return { from, data: encoder.encode(rng.pick(this.foreign)), mutated: true }
    }
    const entries = rng.pick(this.seeds).map((entry): Entry => [entry[0], entry[1]])
    const peerId = entries.find(([key]) => key === 'PeerId')
    if (peerId) peerId[1] = JSON.stringify(this.anonymous || rng.chance(0.1) ? '' : from)
    // Most payloads announce something new, so the hand-off and notification paths run often.
    // Now and then another sender announces a recent hash again, which is what fallbacks are for.
    const hash = entries.find(([key]) => key === 'Hash' || key === 'TxId')
    if (hash && this.hashes.length > 0 && rng.chance(0.1)) hash[1] = rng.pick(this.hashes)
    else if (hash && rng.chance(0.7)) hash[1] = `"${freshHash(rng)}"`
    if (hash && this.hashes.length < 64) this.hashes.push(hash[1])
    else if (hash) this.hashes[rng.int(64)] = hash[1]
    const mutated = !rng.chance(0.25)
    if (mutated) for (let n = 1 + rng.int(3); n > 0; n--) rng.pick(entryMutators)(entries, rng, this.spoofed)
    let data: Uint8Array = encoder.encode(toJsonText(entries))
    if (mutated && rng.chance(0.5)) {
      data = rng.pick(byteMutators)(data, rng, encoder.encode(toJsonText(rng.pick(this.seeds))))
    }
    const payload = { from, data, mutated }
    if (this.recent.length < 256) this.recent.push(payload)
    else this.recent[rng.int(256)] = payload
    return payload
  }
}

const HEX = '0123456789abcdef'

function freshHash(rng: Prng): string {
  let hex = ''
  for (let i = 0; i < 64; i++) hex += HEX[rng.int(16)]
  return hex
}
