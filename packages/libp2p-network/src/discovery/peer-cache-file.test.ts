import { chmod, mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { MemoryLogger } from '@p2p/testkit'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  dialableAddresses,
  formatPeerCache,
  MAX_ADDRESSES_PER_PEER,
  PEER_CACHE_FILE_NAME,
  parsePeerCache,
  readPeerCacheFile,
  writePeerCacheFile,
} from './peer-cache-file.js'

const A = '12D3KooWPmb4B4yJkyBqnpLuMvHhF65uQi7xvSXVC4LJn7YE5gth'
const B = '12D3KooWGJRqVykEc7RgWNqBwReAwkLkn2F2oZC3EGPnhpYAPf3c'
const SEEN = Date.parse('2026-01-02T03:04:05.678Z')

describe('peer cache file format', () => {
  it('writes the Go library shape: two-space indentation, name only when set, RFC 3339 times', () => {
    const text = formatPeerCache([
      { id: A, name: 'teranode-eu', addrs: ['/ip4/1.2.3.4/tcp/9905'], lastSeen: SEEN },
      { id: B, name: undefined, addrs: ['/ip6/::1/tcp/9905'], lastSeen: SEEN },
    ])
    expect(text).toBe(
      [
        '[',
        '  {',
        `    "id": "${A}",`,
        '    "name": "teranode-eu",',
        '    "addrs": [',
        '      "/ip4/1.2.3.4/tcp/9905"',
        '    ],',
        '    "last_seen": "2026-01-02T03:04:05.678Z"',
        '  },',
        '  {',
        `    "id": "${B}",`,
        '    "addrs": [',
        '      "/ip6/::1/tcp/9905"',
        '    ],',
        '    "last_seen": "2026-01-02T03:04:05.678Z"',
        '  }',
        ']',
      ].join('\n'),
    )
  })

  it('reads what Go writes: nanosecond times with an offset, the zero time as no time, null addrs and file', () => {
    const parsed = parsePeerCache(
      JSON.stringify([
        { id: A, addrs: ['/ip4/1.2.3.4/tcp/9905'], last_seen: '2026-01-02T05:04:05.678901234+02:00' },
        { id: B, name: 'n', addrs: ['/ip4/5.6.7.8/tcp/9905'], last_seen: '0001-01-01T00:00:00Z' },
        { id: B.replace('3c', '3d'), addrs: null, last_seen: '2026-01-02T03:04:05Z' },
      ]),
    )
    if (typeof parsed === 'string') throw new Error(parsed)
    expect(parsed.peers).toEqual([
      { id: A, name: undefined, addrs: ['/ip4/1.2.3.4/tcp/9905'], lastSeen: SEEN },
      { id: B, name: 'n', addrs: ['/ip4/5.6.7.8/tcp/9905'], lastSeen: undefined },
    ])
    expect(parsed.malformed).toHaveLength(1)
    expect(parsePeerCache('null')).toEqual({ peers: [], malformed: [] })
  })

  it('skips and describes malformed entries, keeps the others, and the newest of one id', () => {
    const parsed = parsePeerCache(
      JSON.stringify([
        'a string',
        { id: 'not-a-peer-id', addrs: ['/ip4/1.2.3.4/tcp/1'] },
        { id: A, addrs: ['not a multiaddr', 42] },
        { id: A, addrs: ['/ip4/1.2.3.4/tcp/1'], last_seen: 'yesterday' },
        { id: A, addrs: ['/ip4/1.1.1.1/tcp/1'], last_seen: '2026-01-01T00:00:00Z', extra: true },
        { id: A, addrs: ['/ip4/2.2.2.2/tcp/1'], last_seen: '2026-01-02T00:00:00Z' },
        { id: B, addrs: [`/ip4/3.3.3.3/tcp/1/p2p/${A}`] },
      ]),
    )
    if (typeof parsed === 'string') throw new Error(parsed)
    expect(parsed.peers.map((peer) => [peer.id, peer.addrs])).toEqual([[A, ['/ip4/2.2.2.2/tcp/1']]])
    expect(parsed.malformed).toEqual([
      'entry 0: (entry): Invalid input: expected object, received string',
      'entry 1: id: not a peer id',
      'entry 2: addrs: no address to dial',
      expect.stringMatching(/^entry 3: last_seen: /),
      'entry 6: addrs: no address to dial',
    ])
  })

  it('refuses a file that is not JSON or not an array', () => {
    expect(parsePeerCache('[{"id":')).toMatch(/^not JSON/)
    expect(parsePeerCache('{"peers": []}')).toBe('not a JSON array of peers')
  })

  it('keeps addresses bare: strips our /p2p/<id>, drops another peer and bad ones, caps and deduplicates', () => {
    expect(
      dialableAddresses(A, [
        `/ip4/1.2.3.4/tcp/1/p2p/${A}`,
        '/ip4/1.2.3.4/tcp/1',
        `/ip4/5.6.7.8/tcp/1/p2p/${B}`,
        `/ip4/9.9.9.9/tcp/1/p2p/${B}/p2p-circuit`,
        '/ip4/999.1.1.1/tcp/1',
        '',
      ]),
    ).toEqual(['/ip4/1.2.3.4/tcp/1', `/ip4/9.9.9.9/tcp/1/p2p/${B}/p2p-circuit`])
    const many = Array.from({ length: 40 }, (_, i) => `/ip4/10.0.0.${i}/tcp/1`)
    expect(dialableAddresses(A, many)).toEqual(many.slice(0, MAX_ADDRESSES_PER_PEER))
  })
})

describe('peer cache file on disk', () => {
  let dir: string
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'p2p-peer-cache-file-'))
  })
  afterEach(() => rm(dir, { recursive: true, force: true }))

  it('writes mode 0600 and reads back what it wrote', async () => {
    const path = join(dir, PEER_CACHE_FILE_NAME)
    await writePeerCacheFile(path, [{ id: A, name: 'x', addrs: ['/ip4/1.2.3.4/tcp/1'], lastSeen: SEEN }])
    expect((await stat(path)).mode & 0o777).toBe(0o600)
    const logger = new MemoryLogger()
    expect(await readPeerCacheFile(path, logger)).toEqual({
      peers: [{ id: A, name: 'x', addrs: ['/ip4/1.2.3.4/tcp/1'], lastSeen: SEEN }],
      malformed: 0,
      unusable: undefined,
    })
    expect(logger.entries).toEqual([])
  })

  it('takes a missing file as empty without a word', async () => {
    const logger = new MemoryLogger()
    expect(await readPeerCacheFile(join(dir, 'nope', PEER_CACHE_FILE_NAME), logger)).toEqual({
      peers: [],
      malformed: 0,
      unusable: undefined,
    })
    expect(logger.entries).toEqual([])
  })

  it('logs an unparsable or unreadable file with the reason and takes it as empty', async () => {
    const path = join(dir, PEER_CACHE_FILE_NAME)
    await writeFile(path, '{"truncated": ')
    const logger = new MemoryLogger()
    const read = await readPeerCacheFile(path, logger)
    expect(read.peers).toEqual([])
    expect(read.unusable).toMatch(/^not JSON/)
    expect(
      logger.find('warn', 'ignoring the peer cache file; starting without cached peers')?.context,
    ).toMatchObject({ path, reason: read.unusable })

    const asDirectory = join(dir, 'sub', PEER_CACHE_FILE_NAME)
    await mkdir(asDirectory, { recursive: true })
    const second = await readPeerCacheFile(asDirectory, logger)
    expect(second.unusable).toBe('is not a regular file (a directory)')
  })

  it('counts and reports skipped entries', async () => {
    const path = join(dir, PEER_CACHE_FILE_NAME)
    await writeFile(path, JSON.stringify([{ id: A, addrs: ['/ip4/1.2.3.4/tcp/1'] }, { id: 7 }]))
    await chmod(path, 0o600)
    const logger = new MemoryLogger()
    const read = await readPeerCacheFile(path, logger)
    expect(read.peers.map((peer) => peer.id)).toEqual([A])
    expect(read.malformed).toBe(1)
    expect(logger.find('warn', 'skipped bad entries of the peer cache file')?.context).toMatchObject({
      skipped: 1,
    })
    expect(await readFile(path, 'utf8')).toContain(A)
  })
})
