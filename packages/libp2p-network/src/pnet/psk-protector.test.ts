// libp2p 3 needs Promise.withResolvers, which Node 20 lacks; the package entry installs it the same way.
import '../shims/node20.js'
import { StreamMessageEvent } from '@libp2p/interface'
import { preSharedKey } from '@libp2p/pnet'
import { multiaddrConnectionPair } from '@libp2p/utils'
import { P2PError } from '@p2p/domain'
import { describe, expect, it } from 'vitest'
import {
  closeEvent,
  keyFileText,
  type ProtectorFactory,
  protectedPair,
  randomBytes,
  receive,
  transfer,
} from '../../test/pnet-support.js'
import { pskProtector } from './psk-protector.js'

const KEY = new Uint8Array(32).map((_, i) => i * 7 + 3)
const OTHER_KEY = new Uint8Array(32).map((_, i) => i * 5 + 1)

const ours = (psk: Uint8Array = KEY): ProtectorFactory => pskProtector({ psk })
const upstream = (psk: Uint8Array = KEY): ProtectorFactory =>
  preSharedKey({ psk: new TextEncoder().encode(keyFileText(psk)) })

// Odd sizes on purpose: the keystream must carry on mid-block, and 100 000 bytes arrive in
// several chunks from the in-memory transport.
const SIZES = [1, 63, 64, 1000, 100_000, 5]

async function expectIntactBothWays(outboundSide: ProtectorFactory, inboundSide: ProtectorFactory) {
  const [a, b] = await protectedPair(outboundSide, inboundSide)
  for (const size of SIZES) {
    const there = randomBytes(size)
    expect(Buffer.from(await transfer(a, b, there)).equals(there)).toBe(true)
    const back = randomBytes(size)
    expect(Buffer.from(await transfer(b, a, back)).equals(back)).toBe(true)
  }
  const bClosed = closeEvent(b)
  await a.close()
  expect((await bClosed).error).toBeUndefined()
  expect(b.status).toBe('closed')
}

describe('pskProtector', () => {
  it('interoperates with @libp2p/pnet (ours dialling)', async () => {
    await expectIntactBothWays(ours(), upstream())
  })

  it('interoperates with @libp2p/pnet (ours listening)', async () => {
    await expectIntactBothWays(upstream(), ours())
  })

  it('talks to itself', async () => {
    await expectIntactBothWays(ours(), ours())
  })

  it('delivers only garbage between different keys', async () => {
    const [a, b] = await protectedPair(ours(KEY), ours(OTHER_KEY))
    const sent = randomBytes(4096)
    const arrived = await transfer(a, b, sent)
    expect(arrived.byteLength).toBe(sent.byteLength)
    expect(Buffer.from(arrived).equals(sent)).toBe(false)
  })

  it('gives up on a peer that never sends its nonce, with a clear error', async () => {
    const [raw, silentPeer] = multiaddrConnectionPair()
    const started = Date.now()
    const failure = await pskProtector({ psk: KEY, handshakeTimeoutMs: 50 })()
      .protect(raw)
      .then(
        () => undefined,
        (error: unknown) => error,
      )
    expect(failure).toBeInstanceOf(P2PError)
    expect((failure as P2PError).message).toMatch(/nonce exchange did not finish within 50 ms/)
    expect(Date.now() - started).toBeLessThan(2_000)
    expect(raw.status).toBe('aborted')
    silentPeer.abort(new Error('test over'))
  })

  it("stops the nonce exchange when the caller's signal fires", async () => {
    const [raw] = multiaddrConnectionPair()
    const controller = new AbortController()
    const protecting = pskProtector({ psk: KEY, handshakeTimeoutMs: 60_000 })().protect(raw, {
      signal: controller.signal,
    })
    const reason = new Error('upgrade cancelled')
    controller.abort(reason)
    await expect(protecting).rejects.toBe(reason)
  })

  it('aborts the connection, without throwing, when inbound data cannot be deciphered', async () => {
    const [rawOut, rawIn] = multiaddrConnectionPair()
    const [a, b] = await Promise.all([ours()().protect(rawOut), ours()().protect(rawIn)])
    const closing = closeEvent(b)
    const peerClosing = closeEvent(a)
    // A chunk list whose byteLength lies: the keystream refuses it, inside an event listener.
    const bogus = Object.assign([new Uint8Array(5)], { byteLength: 3 })
    rawIn.dispatchEvent(new StreamMessageEvent(bogus as never))
    const closed = await closing
    expect(closed.error).toBeInstanceOf(P2PError)
    expect(b.status).toBe('aborted')
    expect(rawIn.status).toBe('aborted')
    await peerClosing
    expect(a.status).toBe('reset')
  })

  it('refuses a key that is not 32 bytes, without quoting it', () => {
    for (const psk of [new Uint8Array(31).fill(0xab), new Uint8Array(64).fill(0xab), new Uint8Array(0)]) {
      let failure: unknown
      try {
        pskProtector({ psk })
      } catch (error) {
        failure = error
      }
      expect(failure).toBeInstanceOf(P2PError)
      expect((failure as P2PError).code).toBe('invalid_config')
      expect((failure as P2PError).message).not.toMatch(/abab/i)
    }
  })

  it('refuses a handshake timeout that is not a positive number', () => {
    for (const handshakeTimeoutMs of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => pskProtector({ psk: KEY, handshakeTimeoutMs })).toThrow(/handshake timeout/)
    }
  })

  it('carries bytes already queued behind the nonce', async () => {
    const [rawOut, rawIn] = multiaddrConnectionPair()
    const protectingIn = ours()().protect(rawIn)
    const a = await ours()().protect(rawOut)
    // Sent before the listener side has even finished its exchange.
    const early = randomBytes(777)
    a.send(early)
    const b = await protectingIn
    expect(Buffer.from(await receive(b, early.byteLength)).equals(early)).toBe(true)
  })
})
