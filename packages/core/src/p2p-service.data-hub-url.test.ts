import type { TopicKind } from '@p2p/domain'
import { aBlockHeaderInfo, waitFor } from '@p2p/testkit'
import { describe, expect, it } from 'vitest'
import { bytes, payloads } from '../test/inject.js'
import { hashOf, ROGUE } from '../test/test-node.js'
import { useTestNodes } from '../test/test-nodes.js'

const FORBIDDEN = [
  'http://127.0.0.1:8090/api/v1',
  'http://localhost:8090/',
  'http://10.1.2.3/',
  'http://[::ffff:192.168.0.1]/',
  'http://169.254.169.254/latest/meta-data/',
  'http://100.64.0.1/',
  'http://0x7f.1/',
  'http://a@node.example/',
]

const announcement = (kind: TopicKind, dataHubUrl: string): Uint8Array => {
  if (kind === 'block') return payloads.block({ dataHubUrl })
  if (kind === 'subtree') return payloads.subtree({ dataHubUrl })
  const best = aBlockHeaderInfo()
  return bytes(
    JSON.stringify({
      Hash: best.hash,
      PreviousHash: best.previousHash,
      DataHubUrl: dataHubUrl,
      PeerId: ROGUE,
    }),
  )
}

/** The SSRF guard: a peer's data hub URL must not send our block validation into our own network. */
describe('P2PService refuses data hub URLs it must not fetch from', () => {
  const { lonely: lonelyNode } = useTestNodes()

  it.each(
    (['block', 'subtree', 'miningOn'] as const).flatMap((kind) =>
      FORBIDDEN.map((url) => [kind, url] as const),
    ),
  )('rejects a %s pointing at %s', async (kind, url) => {
    const { node, gossip } = await lonelyNode()
    expect(await gossip(kind, announcement(kind, url))).toBe('reject')
    expect(node.metrics.callsOf('inputRejected')).toMatchObject([{ source: kind, code: 'forbidden_url' }])
    expect(node.validator.calls).toHaveLength(0)
    expect(node.sink.notifications).toEqual([])
  })

  it('accepts them all on a private network, when allowPrivateDataHubUrls says so', async () => {
    const { node, gossip, direct } = await lonelyNode({ allowPrivateDataHubUrls: true })
    const privateUrls = FORBIDDEN.filter((u) => !u.includes('@'))
    for (const url of privateUrls) expect(await gossip('block', announcement('block', url))).toBe('accept')
    await direct(payloads.reply({ dataHubUrl: 'http://192.168.1.1:8090/api/v1' }))
    await waitFor(() => node.validator.calls.length === privateUrls.length + 1)
    // Credentials in a URL are refused whatever the network.
    expect(await gossip('block', announcement('block', 'http://a@10.0.0.1/'))).toBe('reject')
  })

  it('refuses a best-block reply pointing into our network', async () => {
    const { node, direct } = await lonelyNode()
    await direct(payloads.reply({ dataHubUrl: 'http://[::1]:8090/' }))
    expect(node.metrics.callsOf('inputRejected')).toMatchObject([{ source: 'direct', code: 'forbidden_url' }])
    expect(node.validator.calls).toHaveLength(0)
  })

  it('still notifies our own announcements when our own data hub URL is private', async () => {
    const { node } = await lonelyNode({ dataHubUrl: 'http://127.0.0.1:8090/api/v1' })
    const hash = hashOf(0x5e1f)
    node.chain.emit({ kind: 'subtree', hash })
    const notification = await waitFor(() => node.sink.ofType('subtree')[0])
    expect(notification).toMatchObject({ hash, baseUrl: 'http://127.0.0.1:8090/api/v1' })
    expect(node.metrics.count('inputRejected')).toBe(0)
  })
})
