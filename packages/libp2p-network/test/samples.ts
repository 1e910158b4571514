import type { Hash, Spec2024Kind, TopicMessages } from '@p2p/domain'

/** One valid message per topic kind, authored by `peerId`; `n` makes hashes differ between authors. */
export function samplesFrom(peerId: string, n = 0): { [K in Spec2024Kind]: TopicMessages[K] } {
  const hash = n.toString(16).padStart(2, '0').repeat(32) as Hash
  const url = `http://node-${n}.example:8090/api/v1`
  return {
    bestBlock: { peerId },
    block: { hash, height: 812_345 + n, dataHubUrl: url, peerId },
    subtree: { hash, dataHubUrl: url, peerId },
    miningOn: {
      hash,
      previousHash: 'cd'.repeat(32) as Hash,
      dataHubUrl: url,
      peerId,
      height: 812_346 + n,
      miner: '/a miner/',
      sizeInBytes: 2n ** 60n + 7n,
      txCount: 9_007_199_254_740_993n,
    },
    rejectedTx: { txId: hash, reason: 'missing inputs', peerId },
  }
}
