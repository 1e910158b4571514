// libp2p 3 needs Promise.withResolvers, which Node 20 lacks; the package entry installs it the same way.
import '../shims/node20.js'
import type { MessageStream } from '@libp2p/interface'
import { preSharedKey } from '@libp2p/pnet'
import { describe, expect, it } from 'vitest'
import {
  keyFileText,
  type ProtectorFactory,
  protectedPair,
  randomBytes,
  transfer,
} from '../../test/pnet-support.js'
import { pskProtector } from './psk-protector.js'

/**
 * The crash this protector exists to fix. `@libp2p/pnet` 3.x XORs with a WASM XSalsa20 whose
 * instances share one WebAssembly.Memory: once a chunk larger than that memory is XORed, every
 * other instance holds a stale view of it and grows it again by a whole chunk on its next use,
 * until `WebAssembly.Memory.grow()` throws a RangeError. About 90 chunks of 700 KiB are enough.
 * On the sending side the error fails that connection; on the receiving side it is thrown inside
 * an event listener, where nothing catches it and the process ends.
 *
 * `PNET_PROTECTOR=upstream` puts `@libp2p/pnet` under test instead, to show the failure. The WASM
 * memory is one per process and stays at its maximum once reached, so fresh connections no longer
 * trip over it: only the first test fails then, the one that shows the uncaught error.
 */
const UNDER_TEST = process.env.PNET_PROTECTOR === 'upstream' ? 'upstream' : 'ours'

const PAIRS = 4
const BATCH_BYTES = 1024 * 1024
// Run alone, upstream fails in round 15 of the first test and round 8 of the second (measured).
const ROUNDS = 24
// Each batch arrives as one read, as it can on a fast link with large socket buffers; the in-memory
// transport would otherwise cut it into 64 KiB pieces.
const PAIR_OPTIONS = { chunkSize: 2 * BATCH_BYTES }
// A batch takes milliseconds; a wedged connection should fail the test quickly.
const TRANSFER_TIMEOUT_MS = 2_000

const KEY = new Uint8Array(32).map((_, i) => 255 - i)

const ours: ProtectorFactory = pskProtector({ psk: KEY })
const underTest: ProtectorFactory =
  UNDER_TEST === 'upstream' ? preSharedKey({ psk: new TextEncoder().encode(keyFileText(KEY)) }) : ours

type Pair = [MessageStream, MessageStream]

/** Pushes one batch through each pair in turn, ROUNDS times, checking every byte on arrival. */
async function pushRounds(pairs: Pair[], bothWays: boolean): Promise<number> {
  let moved = 0
  for (let round = 0; round < ROUNDS; round++) {
    for (const [i, [a, b]] of pairs.entries()) {
      const [from, to] = bothWays && round % 2 === 1 ? [b, a] : [a, b]
      // Not a multiple of 64: later batches start mid-block.
      const batch = randomBytes(BATCH_BYTES + i * 1021)
      const arrived = await transfer(from, to, batch, TRANSFER_TIMEOUT_MS)
      expect(Buffer.from(arrived).equals(batch), `round ${round}, connection ${i}`).toBe(true)
      moved += batch.byteLength
    }
  }
  await Promise.all(pairs.map(([a]) => a.close()))
  return moved
}

describe(`pnet with 1 MiB batches over ${PAIRS} connections in turn (${UNDER_TEST} protector)`, () => {
  it('cannot be brought down by peers that send large chunks', async () => {
    // Only the receiving side is under test, so its inbound path meets every large chunk.
    const pairs = await Promise.all(
      Array.from({ length: PAIRS }, () => protectedPair(ours, underTest, PAIR_OPTIONS)),
    )
    expect(await pushRounds(pairs, false)).toBeGreaterThanOrEqual(ROUNDS * PAIRS * BATCH_BYTES)
  })

  it('delivers every byte intact in both directions, and nothing throws', async () => {
    const pairs = await Promise.all(
      Array.from({ length: PAIRS }, () => protectedPair(underTest, underTest, PAIR_OPTIONS)),
    )
    expect(await pushRounds(pairs, true)).toBeGreaterThanOrEqual(ROUNDS * PAIRS * BATCH_BYTES)
  })
})
