import type { TopicKind } from '@p2p/domain'
import type { Libp2pPeerNetwork } from '@p2p/libp2p-network'

export interface MeshState {
  /** Every topic's mesh (mesh links as an undirected graph) connects every node. */
  readonly spanning: boolean
  /** Every node has at least `dlo` mesh peers on every topic. */
  readonly healthy: boolean
  readonly minDegree: number
  readonly maxDegree: number
  readonly meanConnections: number
}

export function meshState(
  networks: readonly Libp2pPeerNetwork[],
  kinds: readonly TopicKind[],
  dlo: number,
): MeshState {
  const index = new Map(networks.map((n, i) => [n.peerId, i]))
  let spanning = true
  let healthy = true
  let minDegree = Number.POSITIVE_INFINITY
  let maxDegree = 0
  for (const kind of kinds) {
    const links = networks.map(() => new Set<number>())
    networks.forEach((network, i) => {
      const mesh = network.meshPeers(kind)
      minDegree = Math.min(minDegree, mesh.length)
      maxDegree = Math.max(maxDegree, mesh.length)
      if (mesh.length < dlo) healthy = false
      for (const peer of mesh) {
        const j = index.get(peer)
        if (j === undefined) continue
        links[i]?.add(j)
        links[j]?.add(i)
      }
    })
    if (!connected(links)) spanning = false
  }
  const connections = networks.reduce((sum, n) => sum + n.peers().length, 0) / Math.max(1, networks.length)
  return { spanning, healthy, minDegree, maxDegree, meanConnections: Math.round(connections * 10) / 10 }
}

function connected(links: ReadonlyArray<ReadonlySet<number>>): boolean {
  if (links.length <= 1) return true
  const seen = new Set<number>([0])
  const queue = [0]
  while (queue.length > 0) {
    const i = queue.pop() as number
    for (const j of links[i] ?? []) {
      if (seen.has(j)) continue
      seen.add(j)
      queue.push(j)
    }
  }
  return seen.size === links.length
}
