import { describe, expect, it } from 'vitest'
import {
  parseNetworkConfig,
  SPEC_ERA_DHT_PROTOCOL_PREFIX,
  SPEC_ERA_DIRECT_PROTOCOL,
} from './network-config.js'

const PEER = '/ip4/10.0.0.1/tcp/9905/p2p/12D3KooWQYhTNQdmr3ArTeUHRYzFg94BKyTkoWBDWez9kSCVe2Xo'
const minimal = { listen: { ip: '0.0.0.0', port: 9905 } }

describe('parseNetworkConfig', () => {
  it('fills the spec-era defaults', () => {
    const config = parseNetworkConfig({ ...minimal, privateNetwork: { sharedKey: 'ab'.repeat(32) } })
    expect(config.directProtocol).toBe(SPEC_ERA_DIRECT_PROTOCOL)
    expect(config.privateNetwork?.dhtProtocolPrefix).toBe(SPEC_ERA_DHT_PROTOCOL_PREFIX)
    expect(config.topicNames.block).toBe('github.com/bitcoin-sv/ubsv-block')
    expect(config.discoveryIntervalMs).toBe(5_000)
    expect(config.optimiseRetries).toBe(false)
    expect(config.mesh).toEqual({ D: 4, Dlo: 2, Dhi: 8, Dout: 1, Dscore: 2, Dlazy: 6 })
    expect(config.inboundConnectionThreshold).toBeGreaterThan(5)
    // Above libp2p's pool of 10 and below its 10 s upgrade timeout: see admission-gater.ts.
    expect(config.maxIncomingPendingConnections).toBe(64)
    expect(config.inboundUpgradeTimeoutMs).toBe(5_000)
    expect(config.admission).toEqual({
      maxPendingPerHost: 3,
      maxConnectionsPerHost: 10,
      maxConnectionsPerPeer: 3,
      outboundReserve: 30,
      limitLoopback: false,
    })
  })

  it('takes peer lists and a websocket port', () => {
    const config = parseNetworkConfig({
      listen: { ip: '::', port: 0, websocketPort: 9907 },
      bootstrapAddresses: [PEER],
      staticPeers: [PEER],
    })
    expect(config.listen.websocketPort).toBe(9907)
    expect(config.staticPeers).toEqual([PEER])
  })

  it.each([
    ['a bad listen ip', { listen: { ip: 'localhost', port: 1 } }, 'listen.ip'],
    ['a port out of range', { listen: { ip: '0.0.0.0', port: 70_000 } }, 'listen.port'],
    [
      'a static peer without its id',
      { ...minimal, staticPeers: ['/ip4/10.0.0.1/tcp/9905'] },
      'staticPeers.0',
    ],
    [
      'a bootstrap address whose peer id does not decode',
      { ...minimal, bootstrapAddresses: ['/ip4/127.0.0.1/tcp/1/p2p/12D3KooWxxxxxxx'] },
      'bootstrapAddresses.0: 12D3KooWxxxxxxx is not a peer id',
    ],
    [
      'a bootstrap address that is not a multiaddr',
      { ...minimal, bootstrapAddresses: ['10.0.0.1:9905'] },
      'bootstrapAddresses.0',
    ],
    [
      'a DHT prefix ending in /',
      { ...minimal, privateNetwork: { sharedKey: 'k', dhtProtocolPrefix: '/ubsv/' } },
      'dhtProtocolPrefix',
    ],
    [
      'mesh degrees out of order',
      { ...minimal, mesh: { D: 2, Dlo: 3, Dhi: 8, Dout: 1, Dscore: 2, Dlazy: 6 } },
      'mesh',
    ],
    [
      'an outbound reserve that leaves inbound no room',
      { ...minimal, maxConnections: 20, admission: { outboundReserve: 20 } },
      'admission.outboundReserve',
    ],
    [
      'two kinds on one topic',
      {
        ...minimal,
        topicNames: { bestBlock: 'x', block: 'x', subtree: 's', miningOn: 'm', rejectedTx: 'r' },
      },
      'topicNames',
    ],
  ])('refuses %s with invalid_config naming the field', (_label, input, field) => {
    let caught: unknown
    try {
      parseNetworkConfig(input)
    } catch (error) {
      caught = error
    }
    expect(caught).toMatchObject({ code: 'invalid_config' })
    expect((caught as Error).message).toContain(field)
  })

  it('never quotes the shared key in an error', () => {
    expect.assertions(1)
    const secret = 'cafe'.repeat(16)
    try {
      parseNetworkConfig({ listen: { ip: 'nope', port: 1 }, privateNetwork: { sharedKey: secret } })
    } catch (error) {
      expect(
        JSON.stringify({ m: (error as Error).message, c: (error as { context?: unknown }).context }),
      ).not.toContain(secret)
    }
  })
})
