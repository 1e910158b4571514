import { describe, expect, it } from 'vitest'
import { type BestBlockMessage, bestBlockMessageCodec } from './best-block-message.js'

const PEER = '12D3KooWJbXqGqAjyVaLf2sWtqHZK9EcKqMtvn8xWwHBw9nmvAcB'

function decoded(input: string): BestBlockMessage {
  const result = bestBlockMessageCodec.decode(input)
  if (!result.ok) throw result.error
  return result.value
}

function codeOf(input: string | Uint8Array): string {
  const result = bestBlockMessageCodec.decode(input)
  return result.ok ? 'ok' : result.error.code
}

describe('bestBlockMessageCodec', () => {
  it('encodes the spec-era golden text', () => {
    expect(bestBlockMessageCodec.encode({ peerId: PEER })).toBe(`{"PeerId":"${PEER}"}`)
    expect(decoded(`{"PeerId":"${PEER}"}`)).toEqual({ peerId: PEER })
  })

  it('reads PeerID, peerid and PEERID alike', () => {
    for (const key of ['PeerID', 'peerid', 'PEERID', 'pEeRiD']) {
      expect(decoded(`{"${key}":"${PEER}"}`)).toEqual({ peerId: PEER })
    }
  })

  // The reply goes to the requesting peer, so a request that names nobody is useless.
  it('takes an empty or missing peer id as Go’s zero value (the reply goes to the author anyway)', () => {
    expect(decoded('{"PeerId":""}')).toEqual({ peerId: '' })
    expect(decoded('{}')).toEqual({ peerId: '' })
    expect(decoded('{"PeerId":null}')).toEqual({ peerId: '' })
    expect(bestBlockMessageCodec.encode({ peerId: '' })).toBe('{"PeerId":""}')
    expect(codeOf('{"PeerId":"not a peer id"}')).toBe('invalid_field')
  })

  it('ignores unknown members', () => {
    expect(decoded(`{"PeerId":"${PEER}","Hash":"x","Extra":[1,{"a":null}]}`)).toEqual({ peerId: PEER })
  })

  it('caps the payload at 1 KiB', () => {
    expect(bestBlockMessageCodec.maxBytes).toBe(1024)
    const padded = `{"PeerId":"${PEER}"}`.padEnd(1024, ' ')
    expect(codeOf(padded)).toBe('ok')
    expect(codeOf(`${padded} `)).toBe('payload_too_large')
  })
})
