import { isP2PError, type P2PError } from '@p2p/domain'
import { describe, expect, it } from 'vitest'
import { type DnsaddrDeps, isDnsaddr, resolveDnsaddr, resolvePeerAddresses } from './dnsaddr.js'

const A = '12D3KooWPmb4B4yJkyBqnpLuMvHhF65uQi7xvSXVC4LJn7YE5gth'
const B = '12D3KooWGJRqVykEc7RgWNqBwReAwkLkn2F2oZC3EGPnhpYAPf3c'
const C = '12D3KooWG3eo6wLhMp6HMBpprC8NMastu2okAaQDDpdotrks3QA2'

function dnsError(code: string): Error {
  return Object.assign(new Error(`queryTxt ${code}`), { code })
}

/** TXT records by name; a name mapped to a string fails with that node:dns code. */
function fakeDns(table: Record<string, string[] | string>) {
  const asked: string[] = []
  const deps: DnsaddrDeps = {
    resolveTxt: async (name) => {
      asked.push(name)
      const entry = table[name]
      if (entry === undefined) throw dnsError('ENOTFOUND')
      if (typeof entry === 'string') {
        if (entry === 'hang') return new Promise<never>(() => {})
        throw dnsError(entry)
      }
      // Long values arrive split into 255-byte chunks, as DNS carries them.
      return entry.map((value) => value.match(/.{1,255}/g) ?? [''])
    },
  }
  return { deps, asked }
}

async function rejection(work: Promise<unknown>): Promise<P2PError> {
  const error = await work.then(
    () => undefined,
    (e: unknown) => e,
  )
  if (!isP2PError(error)) throw new Error(`expected a P2PError, got ${String(error)}`)
  return error
}

describe('resolveDnsaddr', () => {
  it('gives the dnsaddr= values of _dnsaddr.<domain> that end in /p2p/<id>, dropping the rest with a reason', async () => {
    const { deps, asked } = fakeDns({
      '_dnsaddr.boot.example': [
        `dnsaddr=/ip4/1.2.3.4/tcp/9905/p2p/${A}`,
        `dnsaddr=/dns4/peer.example/tcp/9905/p2p/${B}`,
        'v=spf1 -all',
        'dnsaddr=/ip4/5.6.7.8/tcp/9905',
        'dnsaddr=not a multiaddr',
        'dnsaddr=/ip4/5.6.7.8/tcp/9905/p2p/QmNotAPeer',
        `dnsaddr=/ip4/1.2.3.4/tcp/9905/p2p/${A}`,
      ],
    })
    const resolved = await resolveDnsaddr('/dnsaddr/boot.example', deps)
    expect(asked).toEqual(['_dnsaddr.boot.example'])
    expect(resolved.addresses).toEqual([
      `/ip4/1.2.3.4/tcp/9905/p2p/${A}`,
      `/dns4/peer.example/tcp/9905/p2p/${B}`,
    ])
    expect(resolved.dropped).toEqual([
      { entry: '/ip4/5.6.7.8/tcp/9905', reason: 'does not end in /p2p/<id>' },
      { entry: 'not a multiaddr', reason: 'not a multiaddr' },
      {
        entry: '/ip4/5.6.7.8/tcp/9905/p2p/QmNotAPeer',
        reason: expect.stringMatching(/not a multiaddr|peer id/),
      },
    ])
  })

  it('narrows the records to the peer named after the domain', async () => {
    const { deps } = fakeDns({
      '_dnsaddr.boot.example': [`dnsaddr=/ip4/1.2.3.4/tcp/1/p2p/${A}`, `dnsaddr=/ip4/5.6.7.8/tcp/1/p2p/${B}`],
    })
    const resolved = await resolveDnsaddr(`/dnsaddr/boot.example/p2p/${B}`, deps)
    expect(resolved.addresses).toEqual([`/ip4/5.6.7.8/tcp/1/p2p/${B}`])
    expect(resolved.dropped).toEqual([
      { entry: `/ip4/1.2.3.4/tcp/1/p2p/${A}`, reason: `for another peer than ${B}` },
    ])
  })

  it('follows nested /dnsaddr entries, narrowing by the id a nested entry names, and joins chunked values', async () => {
    const long = `/dns4/${'a'.repeat(200)}.example/tcp/1/p2p/${C}`
    const { deps, asked } = fakeDns({
      '_dnsaddr.boot.example': [
        'dnsaddr=/dnsaddr/eu.boot.example',
        `dnsaddr=/dnsaddr/us.boot.example/p2p/${B}`,
      ],
      '_dnsaddr.eu.boot.example': [`dnsaddr=/ip4/1.2.3.4/tcp/1/p2p/${A}`, `dnsaddr=${long}`],
      '_dnsaddr.us.boot.example': [
        `dnsaddr=/ip4/5.6.7.8/tcp/1/p2p/${B}`,
        `dnsaddr=/ip4/9.9.9.9/tcp/1/p2p/${A}`,
      ],
    })
    const resolved = await resolveDnsaddr('/dnsaddr/boot.example', deps)
    expect(asked.sort()).toEqual([
      '_dnsaddr.boot.example',
      '_dnsaddr.eu.boot.example',
      '_dnsaddr.us.boot.example',
    ])
    expect(resolved.addresses.sort()).toEqual(
      [`/ip4/1.2.3.4/tcp/1/p2p/${A}`, long, `/ip4/5.6.7.8/tcp/1/p2p/${B}`].sort(),
    )
    expect(resolved.dropped).toEqual([
      { entry: `/ip4/9.9.9.9/tcp/1/p2p/${A}`, reason: `for another peer than ${B}` },
    ])
  })

  it('stops at the depth limit, and a chain that gives nothing is an error', async () => {
    const table: Record<string, string[]> = {}
    for (let i = 0; i < 10; i++) table[`_dnsaddr.l${i}.example`] = [`dnsaddr=/dnsaddr/l${i + 1}.example`]
    const { deps, asked } = fakeDns(table)
    const error = await rejection(resolveDnsaddr('/dnsaddr/l0.example', deps, { maxDepth: 3 }))
    expect(asked).toEqual(['_dnsaddr.l0.example', '_dnsaddr.l1.example', '_dnsaddr.l2.example'])
    expect(error.code).toBe('upstream_failed')
    expect(error.message).toBe(
      '/dnsaddr/l0.example resolved to no usable address (/dnsaddr/l3.example: nested deeper than 3 lookups)',
    )
    expect(error.context.dropped).toEqual([
      { entry: '/dnsaddr/l3.example', reason: 'nested deeper than 3 lookups' },
    ])
  })

  it('reports a tree whose only branch timed out as a timeout', async () => {
    const { deps } = fakeDns({
      '_dnsaddr.boot.example': ['dnsaddr=/dnsaddr/slow.example'],
      '_dnsaddr.slow.example': 'hang',
    })
    const error = await rejection(resolveDnsaddr('/dnsaddr/boot.example', deps, { timeoutMs: 30 }))
    expect(error.code).toBe('upstream_timeout')
    expect(error.message).toBe(
      '/dnsaddr/boot.example resolved to no usable address (/dnsaddr/slow.example: the TXT lookup of _dnsaddr.slow.example failed: no answer in time)',
    )
  })

  it('keeps what a partly broken tree gives, and says what broke', async () => {
    const { deps } = fakeDns({
      '_dnsaddr.boot.example': [
        'dnsaddr=/dnsaddr/gone.example',
        'dnsaddr=/dnsaddr/slow.example',
        `dnsaddr=/ip4/1.2.3.4/tcp/1/p2p/${A}`,
      ],
      '_dnsaddr.slow.example': 'hang',
    })
    const resolved = await resolveDnsaddr('/dnsaddr/boot.example', deps, { timeoutMs: 30 })
    expect(resolved.addresses).toEqual([`/ip4/1.2.3.4/tcp/1/p2p/${A}`])
    expect(resolved.dropped).toEqual([
      {
        entry: '/dnsaddr/gone.example',
        reason: 'the TXT lookup of _dnsaddr.gone.example failed: no such name (NXDOMAIN)',
      },
      {
        entry: '/dnsaddr/slow.example',
        reason: 'the TXT lookup of _dnsaddr.slow.example failed: no answer in time',
      },
    ])
  })

  it('bounds the addresses and the lookups a fan-out can cost', async () => {
    const table: Record<string, string[]> = {
      '_dnsaddr.wide.example': Array.from({ length: 20 }, (_, i) => `dnsaddr=/dnsaddr/n${i}.example`),
    }
    for (let i = 0; i < 20; i++) {
      table[`_dnsaddr.n${i}.example`] = Array.from(
        { length: 10 },
        (_, j) => `dnsaddr=/ip4/10.${i}.0.${j}/tcp/1/p2p/${A}`,
      )
    }
    const { deps, asked } = fakeDns(table)
    const resolved = await resolveDnsaddr('/dnsaddr/wide.example', deps, { maxAddresses: 25, maxLookups: 5 })
    expect(asked).toHaveLength(5)
    expect(resolved.addresses).toHaveLength(25)
    expect(
      resolved.dropped.filter((d) => d.reason === 'over the limit of lookups for one entry'),
    ).toHaveLength(16)
    expect(resolved.dropped.at(-1)).toEqual({
      entry: '/dnsaddr/wide.example',
      reason: '15 more addresses than the limit of 25',
    })
  })

  it('maps DNS failures of the first lookup to coded errors', async () => {
    const { deps } = fakeDns({
      '_dnsaddr.nodata.example': 'ENODATA',
      '_dnsaddr.timeout.example': 'ETIMEOUT',
      '_dnsaddr.refused.example': 'ECONNREFUSED',
      '_dnsaddr.servfail.example': 'ESERVFAIL',
      '_dnsaddr.slow.example': 'hang',
      '_dnsaddr.empty.example': ['v=spf1 -all'],
    })
    const cases: Array<[string, string, RegExp]> = [
      [
        '/dnsaddr/missing.example',
        'upstream_failed',
        /_dnsaddr\.missing\.example failed: no such name \(NXDOMAIN\)$/,
      ],
      ['/dnsaddr/nodata.example', 'upstream_failed', /has no TXT records$/],
      ['/dnsaddr/timeout.example', 'upstream_timeout', /no answer in time$/],
      ['/dnsaddr/slow.example', 'upstream_timeout', /no answer in time$/],
      ['/dnsaddr/refused.example', 'upstream_unavailable', /did not serve the query \(ECONNREFUSED\)$/],
      ['/dnsaddr/servfail.example', 'upstream_unavailable', /\(ESERVFAIL\)$/],
      ['/dnsaddr/empty.example', 'upstream_failed', /resolved to no usable address \(no dnsaddr= records\)$/],
    ]
    for (const [address, code, message] of cases) {
      const error = await rejection(resolveDnsaddr(address, deps, { timeoutMs: 30 }))
      expect({ address, code: error.code }).toEqual({ address, code })
      expect(error.message).toMatch(message)
    }
  })

  it('refuses what is not /dnsaddr/<domain>[/p2p/<id>] before asking DNS', async () => {
    const { deps, asked } = fakeDns({})
    for (const address of [
      '/ip4/1.2.3.4/tcp/1',
      'dnsaddr',
      '/dnsaddr/x.example/tcp/1',
      `/dnsaddr/x.example/p2p/${A}/p2p-circuit`,
    ]) {
      const error = await rejection(resolveDnsaddr(address, deps))
      expect(error.code).toBe('invalid_config')
    }
    expect(asked).toEqual([])
  })
})

describe('resolvePeerAddresses', () => {
  it('passes plain entries through unchanged, resolves /dnsaddr ones, removes duplicates, and reports failures per entry', async () => {
    const { deps } = fakeDns({
      '_dnsaddr.boot.example': [`dnsaddr=/ip4/1.2.3.4/tcp/1/p2p/${A}`, `dnsaddr=/ip4/5.6.7.8/tcp/1/p2p/${B}`],
    })
    const plain = `/ip4/1.2.3.4/tcp/1/p2p/${A}`
    const result = await resolvePeerAddresses(
      [
        `/dns4/static.example/tcp/9905/p2p/${C}`,
        '/dnsaddr/boot.example',
        plain,
        '/dnsaddr/gone.example',
        `/dnsaddr/boot.example/p2p/${C}`,
      ],
      deps,
    )
    expect(result.addresses).toEqual([
      `/dns4/static.example/tcp/9905/p2p/${C}`,
      `/ip4/1.2.3.4/tcp/1/p2p/${A}`,
      `/ip4/5.6.7.8/tcp/1/p2p/${B}`,
    ])
    expect(result.failures).toEqual([
      {
        entry: '/dnsaddr/gone.example',
        reason:
          '/dnsaddr/gone.example: the TXT lookup of _dnsaddr.gone.example failed: no such name (NXDOMAIN)',
      },
      {
        entry: `/dnsaddr/boot.example/p2p/${C}`,
        reason: `/dnsaddr/boot.example/p2p/${C} resolved to no usable address (/ip4/1.2.3.4/tcp/1/p2p/${A}: for another peer than ${C})`,
      },
    ])
    expect(result.dropped).toEqual([])
  })

  it('tells /dnsaddr entries from others', () => {
    expect(isDnsaddr('/dnsaddr/boot.example')).toBe(true)
    expect(isDnsaddr(`/dnsaddr/boot.example/p2p/${A}`)).toBe(true)
    expect(isDnsaddr('/dns4/boot.example/tcp/1')).toBe(false)
    expect(isDnsaddr('dnsaddr/boot.example')).toBe(false)
  })
})
