import { isP2PError } from '@p2p/domain'
import { RecordingListener, waitFor } from '@p2p/testkit'
import { afterEach, describe, expect, it } from 'vitest'
import { type DnsaddrDeps, resolveDnsaddr, resolvePeerAddresses } from '../src/discovery/dnsaddr.js'
import { TxtDnsServer, type TxtTable } from './dns-server.js'
import { NetworkFleet, tcpAddress } from './network-harness.js'

const A = '12D3KooWPmb4B4yJkyBqnpLuMvHhF65uQi7xvSXVC4LJn7YE5gth'
const B = '12D3KooWGJRqVykEc7RgWNqBwReAwkLkn2F2oZC3EGPnhpYAPf3c'

describe('/dnsaddr resolution against a DNS server on 127.0.0.1', () => {
  const servers: TxtDnsServer[] = []
  const fleet = new NetworkFleet()
  afterEach(async () => {
    await fleet.cleanup()
    await Promise.all(servers.splice(0).map((server) => server.close()))
  })

  /** node:dns as production would use it, pointed at a server answering from `table`. */
  async function dnsWith(table: TxtTable): Promise<{ deps: DnsaddrDeps; server: TxtDnsServer }> {
    const server = await TxtDnsServer.start(table)
    servers.push(server)
    const resolver = new (await import('node:dns')).promises.Resolver({ timeout: 300, tries: 1 })
    resolver.setServers([server.server])
    return { deps: { resolveTxt: (name) => resolver.resolveTxt(name) }, server }
  }

  it('follows nested entries, narrows to the named peer and joins a value longer than one TXT string', async () => {
    const long = `/dns4/${'x'.repeat(40)}.${'y'.repeat(200)}.example/tcp/9905/p2p/${A}`
    const { deps, server } = await dnsWith({
      '_dnsaddr.boot.test': [
        'dnsaddr=/dnsaddr/eu.boot.test',
        `dnsaddr=/ip4/10.0.0.2/tcp/9905/p2p/${B}`,
        'other=1',
      ],
      '_dnsaddr.eu.boot.test': [`dnsaddr=/ip4/10.0.0.1/tcp/9905/p2p/${A}`, `dnsaddr=${long}`],
    })
    const all = await resolveDnsaddr('/dnsaddr/boot.test', deps)
    expect(all.addresses.sort()).toEqual(
      [`/ip4/10.0.0.1/tcp/9905/p2p/${A}`, long, `/ip4/10.0.0.2/tcp/9905/p2p/${B}`].sort(),
    )
    expect(all.dropped).toEqual([])
    expect(server.asked).toEqual(['_dnsaddr.boot.test', '_dnsaddr.eu.boot.test'])

    const onlyA = await resolveDnsaddr(`/dnsaddr/boot.test/p2p/${A}`, deps)
    expect(onlyA.addresses.sort()).toEqual([`/ip4/10.0.0.1/tcp/9905/p2p/${A}`, long].sort())
  })

  it('turns NXDOMAIN and a server that never answers into coded errors', async () => {
    const { deps } = await dnsWith({ '_dnsaddr.silent.test': 'silent' })
    const missing = await resolveDnsaddr('/dnsaddr/missing.test', deps).catch((e: unknown) => e)
    expect(isP2PError(missing) && [missing.code, missing.message]).toEqual([
      'upstream_failed',
      '/dnsaddr/missing.test: the TXT lookup of _dnsaddr.missing.test failed: no such name (NXDOMAIN)',
    ])
    const silent = await resolveDnsaddr('/dnsaddr/silent.test', deps).catch((e: unknown) => e)
    expect(isP2PError(silent) && [silent.code, silent.message]).toEqual([
      'upstream_timeout',
      '/dnsaddr/silent.test: the TXT lookup of _dnsaddr.silent.test failed: no answer in time',
    ])
  })

  it('resolves a bootstrap list that a node then dials', async () => {
    const a = (await fleet.create()).network
    a.setListener(new RecordingListener())
    await a.start()
    const { deps } = await dnsWith({ '_dnsaddr.boot.test': [`dnsaddr=${tcpAddress(a)}`] })
    const resolved = await resolvePeerAddresses(
      ['/dnsaddr/boot.test', '/dnsaddr/gone.test', tcpAddress(a)],
      deps,
    )
    expect(resolved.addresses).toEqual([tcpAddress(a)])
    expect(resolved.failures).toEqual([
      {
        entry: '/dnsaddr/gone.test',
        reason: '/dnsaddr/gone.test: the TXT lookup of _dnsaddr.gone.test failed: no such name (NXDOMAIN)',
      },
    ])
    const b = (await fleet.create({ bootstrapAddresses: resolved.addresses })).network
    b.setListener(new RecordingListener())
    await b.start()
    await waitFor(() => b.peers().some((peer) => peer.id === a.peerId), {
      timeoutMs: 15_000,
      what: 'b to reach a',
    })
  })
})
