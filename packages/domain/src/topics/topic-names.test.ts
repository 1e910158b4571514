import { describe, expect, it } from 'vitest'
import { isTopicKind, TOPIC_KINDS } from './topic-kind.js'
import {
  buildTopicNames,
  DEFAULT_TOPIC_SUFFIXES,
  SPEC_ERA_TOPIC_KINDS,
  SPEC_ERA_TOPIC_PREFIX,
  topicName,
} from './topic-names.js'

describe('topic kinds', () => {
  it("are the spec's five gossip topics and the teranode profile's node status", () => {
    expect(TOPIC_KINDS).toEqual(['bestBlock', 'block', 'subtree', 'miningOn', 'rejectedTx', 'nodeStatus'])
    expect(SPEC_ERA_TOPIC_KINDS).toEqual(['bestBlock', 'block', 'subtree', 'miningOn', 'rejectedTx'])
  })

  it('are recognised exactly', () => {
    for (const kind of TOPIC_KINDS) expect(isTopicKind(kind)).toBe(true)
    for (const other of ['Block', 'best_block', 'bestblock', '', 'toString', undefined, 1])
      expect(isTopicKind(other)).toBe(false)
  })
})

describe('topic names', () => {
  it('join prefix and suffix with a single dash', () => {
    expect(topicName('github.com/bitcoin-sv/ubsv', 'block')).toBe('github.com/bitcoin-sv/ubsv-block')
    expect(topicName('a-', '-b')).toBe('a---b')
  })

  it('default to the spec-era names', () => {
    expect(SPEC_ERA_TOPIC_PREFIX).toBe('github.com/bitcoin-sv/ubsv')
    expect(buildTopicNames().byKind).toEqual({
      bestBlock: 'github.com/bitcoin-sv/ubsv-bestblock',
      block: 'github.com/bitcoin-sv/ubsv-block',
      subtree: 'github.com/bitcoin-sv/ubsv-subtree',
      miningOn: 'github.com/bitcoin-sv/ubsv-miningon',
      rejectedTx: 'github.com/bitcoin-sv/ubsv-rejected_tx',
    })
  })

  it('keep the reference topic suffixes', () => {
    expect(DEFAULT_TOPIC_SUFFIXES).toEqual({
      bestBlock: 'bestblock',
      block: 'block',
      subtree: 'subtree',
      miningOn: 'miningon',
      rejectedTx: 'rejected_tx',
      nodeStatus: 'node_status',
    })
  })

  it("name only the kinds asked for, such as the teranode profile's four", () => {
    const names = buildTopicNames('teranode/bitcoin/1.0.0/mainnet', {}, [
      'block',
      'subtree',
      'nodeStatus',
      'rejectedTx',
    ])
    expect(names.byKind).toEqual({
      block: 'teranode/bitcoin/1.0.0/mainnet-block',
      subtree: 'teranode/bitcoin/1.0.0/mainnet-subtree',
      nodeStatus: 'teranode/bitcoin/1.0.0/mainnet-node_status',
      rejectedTx: 'teranode/bitcoin/1.0.0/mainnet-rejected_tx',
    })
    expect(names.kindOf('teranode/bitcoin/1.0.0/mainnet-miningon')).toBeUndefined()
  })

  it('take a custom prefix, such as the dev context', () => {
    const names = buildTopicNames('dev.github.com/bitcoin-sv/ubsv')
    expect(names.byKind.block).toBe('dev.github.com/bitcoin-sv/ubsv-block')
    expect(names.byKind.rejectedTx).toBe('dev.github.com/bitcoin-sv/ubsv-rejected_tx')
    expect(names.kindOf('github.com/bitcoin-sv/ubsv-block')).toBeUndefined()
  })

  it('take custom suffixes and keep the defaults for the others', () => {
    const names = buildTopicNames(SPEC_ERA_TOPIC_PREFIX, { block: 'blocks', miningOn: 'mining_on' })
    expect(names.byKind.block).toBe('github.com/bitcoin-sv/ubsv-blocks')
    expect(names.byKind.miningOn).toBe('github.com/bitcoin-sv/ubsv-mining_on')
    expect(names.byKind.subtree).toBe('github.com/bitcoin-sv/ubsv-subtree')
  })

  it('look up the kind of every name they built, and nothing else', () => {
    for (const names of [
      buildTopicNames(),
      buildTopicNames('dev.github.com/bitcoin-sv/ubsv', { subtree: 'st' }),
    ]) {
      for (const kind of SPEC_ERA_TOPIC_KINDS) expect(names.kindOf(names.byKind[kind] as string)).toBe(kind)
      expect(names.byKind.nodeStatus).toBeUndefined()
    }
    const names = buildTopicNames()
    for (const other of [
      '',
      'block',
      'github.com/bitcoin-sv/ubsv',
      'github.com/bitcoin-sv/ubsv-Block',
      'constructor',
      '__proto__',
    ]) {
      expect(names.kindOf(other)).toBeUndefined()
    }
  })

  // Two kinds on one topic would make every payload ambiguous to decode.
  it('refuse suffixes that give two kinds the same name', () => {
    expect(() => buildTopicNames(SPEC_ERA_TOPIC_PREFIX, { block: 'subtree' })).toThrow(RangeError)
    expect(() => buildTopicNames('p', { bestBlock: 'x', rejectedTx: 'x' })).toThrow(RangeError)
  })
})
