import { describe, expect, it } from 'vitest'
import { type BannerNode, banner } from './banner.js'

const nodeWith = (listening: string[], announced: string[]): BannerNode => ({
  network: { peerId: '12D3KooWpeer', addresses: () => announced, listenAddresses: () => listening },
  httpPort: 9906,
  services: { choice: { chain: 'embedded', validator: 'embedded', rejectedTxs: 'embedded' } },
})

describe('banner', () => {
  it('lists where we listen and what we announce, each under its own label', () => {
    const text = banner(
      nodeWith(
        ['/ip4/0.0.0.0/tcp/9905'],
        ['/ip4/203.0.113.7/tcp/9905/p2p/12D3KooWpeer', '/dns4/a.example/tcp/9905'],
      ),
      '1.2.3',
      'http',
    )
    expect(text.split('\n').slice(0, 5)).toEqual([
      'Teranode P2P service 1.2.3',
      '  peer id     12D3KooWpeer',
      '  listening   /ip4/0.0.0.0/tcp/9905',
      '  announced   /ip4/203.0.113.7/tcp/9905/p2p/12D3KooWpeer',
      '              /dns4/a.example/tcp/9905',
    ])
    expect(text).toContain('  dashboard   http://localhost:9906/')
  })

  it('says why nothing is announced instead of showing no address at all', () => {
    const text = banner(nodeWith(['/ip4/0.0.0.0/tcp/9905'], []), '1.2.3', 'https')
    expect(text).toContain('  listening   /ip4/0.0.0.0/tcp/9905')
    expect(text).toContain(
      '  announced   none: every address is private and p2p_share_private_addresses is false',
    )
    expect(text).toContain('  dashboard   https://localhost:9906/')
  })
})
