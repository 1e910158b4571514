import { generateKeyPair } from '@libp2p/crypto/keys'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import { describe, expect, it } from 'vitest'
import {
  encodeAddressReply,
  MAX_SHARED_ADDRESSES,
  parseAddressReply,
  parseAddressRequest,
  shareableAddresses,
} from './address-exchange-protocol.js'

const text = (value: string) => new TextEncoder().encode(value)
const newPeer = async () => peerIdFromPrivateKey(await generateKeyPair('Ed25519')).toString()
// A peer id of the sha2-256 kind (an RSA key's): the shortest the bus accepts, 34 bytes.
const RSA_STYLE_ID = 'QmYyQSo1c1Ym7orWxLYvCrM2EmxFTANf8wXmmE7DWjhx5N'

describe('parseAddressRequest', () => {
  it('accepts a base58 peer id, exactly as sent', async () => {
    const id = await newPeer()
    const parsed = parseAddressRequest(text(id))
    expect(parsed.ok && parsed.value.toString()).toBe(id)
    const rsa = parseAddressRequest(text(RSA_STYLE_ID))
    expect(rsa.ok && rsa.value.toString()).toBe(RSA_STYLE_ID)
  })

  it('refuses anything but the bare id: JSON, a newline, spaces, empty', async () => {
    const id = await newPeer()
    for (const request of [JSON.stringify({ peerId: id }), JSON.stringify(id), `${id}\n`, ` ${id}`, '']) {
      const parsed = parseAddressRequest(text(request))
      expect(parsed.ok, request).toBe(false)
      if (!parsed.ok) expect(parsed.error.code).toBe('invalid_field')
    }
  })

  it('refuses more than 128 bytes before looking at them', () => {
    const parsed = parseAddressRequest(new Uint8Array(129).fill(0x31))
    expect(parsed.ok).toBe(false)
    if (!parsed.ok) expect(parsed.error.code).toBe('payload_too_large')
    // 128 bytes of base58 is not an id, but it is not refused for its size.
    const at = parseAddressRequest(new Uint8Array(128).fill(0x31))
    expect(!at.ok && at.error.code).toBe('invalid_field')
  })

  it('refuses bytes that are not UTF-8', () => {
    const parsed = parseAddressRequest(new Uint8Array([0xff, 0xfe, 0x51]))
    expect(!parsed.ok && parsed.error.code).toBe('invalid_utf8')
  })

  it('refuses a multihash shorter than 34 bytes', () => {
    // A sha1 multihash (22 bytes) in base58: valid base58 and a valid multihash, too short an id.
    const parsed = parseAddressRequest(text('5dqt6AG4uYT6UYG9eZveuaurk12esx'))
    expect(!parsed.ok && parsed.error.code).toBe('invalid_field')
  })
})

describe('shareableAddresses', () => {
  it('drops relay addresses and keeps at most 32', () => {
    const many = Array.from({ length: 40 }, (_, i) => `/ip4/8.8.${i}.1/tcp/9905`)
    const relayed = '/ip4/8.8.8.8/tcp/1/p2p/QmYyQSo1c1Ym7orWxLYvCrM2EmxFTANf8wXmmE7DWjhx5N/p2p-circuit'
    const shared = shareableAddresses([relayed, ...many], true)
    expect(shared).toHaveLength(MAX_SHARED_ADDRESSES)
    expect(shared[0]).toBe(many[0])
    expect(shared.some((a) => a.includes('p2p-circuit'))).toBe(false)
  })

  it('keeps private addresses only when sharing them', () => {
    const stored = [
      '/ip4/127.0.0.1/tcp/1',
      '/ip4/10.1.2.3/tcp/1',
      '/ip4/192.168.0.9/tcp/1',
      '/ip4/169.254.1.1/tcp/1',
      '/ip4/100.64.0.1/tcp/1',
      '/ip6/::1/tcp/1',
      '/ip6/fe80::1/tcp/1',
      '/ip4/8.8.8.8/tcp/9905',
      '/dns4/node.example/tcp/9905',
    ]
    expect(shareableAddresses(stored, true)).toEqual(stored)
    expect(shareableAddresses(stored, false)).toEqual([
      '/ip4/8.8.8.8/tcp/9905',
      '/dns4/node.example/tcp/9905',
    ])
  })
})

describe('address replies', () => {
  it('encodes an empty list as [] and a list as a plain JSON array', () => {
    expect(new TextDecoder().decode(encodeAddressReply([]))).toBe('[]')
    expect(new TextDecoder().decode(encodeAddressReply(['/ip4/1.2.3.4/tcp/5']))).toBe(
      '["/ip4/1.2.3.4/tcp/5"]',
    )
  })

  it('keeps the multiaddrs of a reply, drops unreadable ones and other peers, at most 32', async () => {
    const target = await newPeer()
    const other = await newPeer()
    const good = Array.from({ length: 40 }, (_, i) => `/ip4/8.8.${i}.1/tcp/9905`)
    const reply = [
      'not a multiaddr',
      `/ip4/1.1.1.1/tcp/1/p2p/${other}`,
      `/ip4/1.1.1.1/tcp/2/p2p/${target}`,
      ...good,
    ]
    const parsed = parseAddressReply(text(JSON.stringify(reply)), target)
    expect(parsed.ok).toBe(true)
    if (!parsed.ok) return
    expect(parsed.value).toHaveLength(32)
    expect(parsed.value[0]).toBe(`/ip4/1.1.1.1/tcp/2/p2p/${target}`)
    expect(parsed.value).not.toContain(`/ip4/1.1.1.1/tcp/1/p2p/${other}`)
  })

  it('refuses a reply that is not a JSON array of strings, with its reason', async () => {
    const target = await newPeer()
    const cases: Array<[string, string]> = [
      ['null', 'not a JSON array'],
      ['{"addrs":[]}', 'not a JSON array'],
      ['["/ip4/1.2.3.4/tcp/1", 7]', 'other than strings'],
      ['[', 'not JSON'],
    ]
    for (const [reply, reason] of cases) {
      const parsed = parseAddressReply(text(reply), target)
      expect(parsed.ok, reply).toBe(false)
      if (!parsed.ok) expect(parsed.error.message).toContain(reason)
    }
    expect(parseAddressReply(text('[]'), target)).toEqual({ ok: true, value: [] })
  })
})
