import { describe, expect, it } from 'vitest'
import { parseNetworkConfig } from '../config/network-config.js'
import { needsWebSockets } from './create-node.js'

const PEER_ID = '12D3KooWQYhTNQdmr3ArTeUHRYzFg94BKyTkoWBDWez9kSCVe2Xo'
const listen = { ip: '127.0.0.1', port: 0 }

describe('needsWebSockets', () => {
  it('is false for a TCP-only node with TCP peers', () => {
    const config = parseNetworkConfig({
      listen,
      bootstrapAddresses: [`/ip4/10.0.0.1/tcp/9905/p2p/${PEER_ID}`],
      staticPeers: [`/dns4/peer.example/tcp/9905/p2p/${PEER_ID}`],
    })
    expect(needsWebSockets(config)).toBe(false)
  })

  it('is true with a websocket listener', () => {
    expect(needsWebSockets(parseNetworkConfig({ listen: { ...listen, websocketPort: 0 } }))).toBe(true)
  })

  it('is true when a configured peer is reached over ws or wss', () => {
    expect(
      needsWebSockets(
        parseNetworkConfig({ listen, bootstrapAddresses: [`/ip4/10.0.0.1/tcp/9907/ws/p2p/${PEER_ID}`] }),
      ),
    ).toBe(true)
    expect(
      needsWebSockets(
        parseNetworkConfig({ listen, staticPeers: [`/dns4/peer.example/tcp/443/wss/p2p/${PEER_ID}`] }),
      ),
    ).toBe(true)
    expect(
      needsWebSockets(
        parseNetworkConfig({ listen, staticPeers: [`/dns4/peer.example/tcp/443/tls/ws/p2p/${PEER_ID}`] }),
      ),
    ).toBe(true)
  })
})
