import { rm } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { MSG_BUS_KINDS, type MsgBusKind, type MsgBusPeer, startMsgBusPeer } from '@p2p/interop'
import { waitFor } from '@p2p/testkit'
import { afterAll, describe, expect, it } from 'vitest'
import { newDataDir } from '../peers.js'
import { type FrameLog, startTeranodeNode, type TeranodeNode } from '../teranode-node.js'

// Two of our nodes on the teranode wire profile beside a Go peer built like go-p2p-message-bus,
// the library Teranode runs. Node A is a full node whose embedded chain produces quickly; node B
// listens only (it announces its status, nothing else) and knows A as a static peer. So at A the
// only blocks and subtrees of other peers are the Go peer's: A's hand-off counts are exact.
// The steps build on each other; every wait has a deadline, nothing sleeps.
const WAIT = { timeoutMs: 20_000, intervalMs: 100 }
const hex = (n: number) => n.toString(16).padStart(64, '0')
// Our metrics name topics by their kind in the domain's spelling.
const METRIC_TOPIC: Record<MsgBusKind, string> = {
  block: 'block',
  subtree: 'subtree',
  node_status: 'nodeStatus',
  rejected_tx: 'rejectedTx',
}
const verdicts = (kind: MsgBusKind, verdict: 'accept' | 'reject') =>
  `p2p_gossip_verdicts_total{topic="${METRIC_TOPIC[kind]}",verdict="${verdict}"}`
const handoffs = (kind: 'block' | 'subtree') =>
  `p2p_block_validation_handoffs_total{kind="${kind}",outcome="ok"}`
const mismatches = (kind: MsgBusKind) =>
  `p2p_inputs_rejected_total{source="${METRIC_TOPIC[kind]}",code="peer_id_mismatch"}`

describe('the teranode wire profile against a go-p2p-message-bus peer', { timeout: 60_000 }, () => {
  const dataDirs: string[] = []
  const nodes: TeranodeNode[] = []
  let go: MsgBusPeer
  let hub: Server
  let hubUrl: string
  const statusStreams: FrameLog[] = []
  const a = () => nodes[0] as TeranodeNode
  const b = () => nodes[1] as TeranodeNode

  afterAll(async () => {
    for (const node of nodes) node.stop()
    await go?.stop()
    hub?.close()
    await Promise.all(dataDirs.map((dir) => rm(dir, { recursive: true, force: true })))
  })

  const expectNoMalformed = async () => {
    expect(await go.malformed()).toEqual([])
    expect(await go.logs({ malformed: true })).toEqual([])
  }

  it('the Go peer meshes with both our nodes on all four topics', async () => {
    // A data hub that answers, on loopback: what the Go peer announces is fetchable.
    hub = createServer((_, res) => res.end('{}')).listen(0, '127.0.0.1')
    await new Promise((resolve) => hub.once('listening', resolve))
    hubUrl = `http://127.0.0.1:${(hub.address() as AddressInfo).port}/api/v1`
    for (let i = 0; i < 2; i++) dataDirs.push(await newDataDir())
    nodes.push(
      await startTeranodeNode(dataDirs[0] as string, {
        clientName: 'ts-node-a',
        asset_httpAddress: hubUrl,
        sim_block_interval_ms: '1000',
        sim_subtree_interval_ms: '300',
        sim_rejected_tx_interval_ms: '500',
        // Low enough that a few spoofs ban (each costs 20), high enough that one does not.
        p2p_ban_threshold: '60',
      }),
    )
    nodes.push(
      await startTeranodeNode(dataDirs[1] as string, {
        clientName: 'ts-node-b',
        listen_mode: 'listen_only',
        p2p_static_peers: a().address,
        sim_block_interval_ms: '1000',
        p2p_ban_threshold: '60',
      }),
    )
    for (const node of nodes) statusStreams.push(await node.listen('/p2p-ws'))
    go = await startMsgBusPeer({ name: 'gopeer', network: 'regtest' })
    for (const node of nodes) expect(await go.connect(node.address)).toBe(node.peerId)
    // go-libp2p-pubsub publishes to its mesh only: both of ours must be in it before it speaks.
    await go.waitForTopicPeers({ count: 2, mesh: true, timeoutMs: WAIT.timeoutMs })
    const { peers } = await go.topicPeers()
    for (const kind of MSG_BUS_KINDS) expect([...peers[kind]].sort()).toEqual([a().peerId, b().peerId].sort())
  })

  it("answers the Go peer's address requests: node A knows where node B listens", async () => {
    for (const protocol of ['/p2p-msg-bus/peer-addr-request/1.1.0', '/p2p-msg-bus/peer-addr-request/1.0.0']) {
      const answer = await go.askAddrs({ peerId: a().peerId, target: b().peerId, protocol })
      expect(answer.protocol).toBe(protocol)
      expect(answer.addrs.map((address) => `${address}/p2p/${b().peerId}`)).toContain(b().address)
    }
    expect(await a().sample('p2p_address_exchange_total{event="served"}')).toBeGreaterThanOrEqual(2)
  })

  it('receives our block, subtree, rejected_tx and node_status exactly as the bus and Teranode write them', async () => {
    const authored = async (from: string) => (await go.received()).filter((r) => r.from === from)
    await waitFor(
      async () => {
        const kinds = new Set((await authored(a().peerId)).map((r) => r.kind))
        const fromB = await authored(b().peerId)
        return MSG_BUS_KINDS.every((k) => kinds.has(k)) && fromB.some((r) => r.kind === 'node_status')
      },
      { ...WAIT, what: "all four kinds from node A and node B's node_status at the Go peer" },
    )
    const ours = [...(await authored(a().peerId)), ...(await authored(b().peerId))]
    for (const r of ours) {
      const what = `${r.kind} from ${r.from}: ${r.text}`
      expect(r.envelopeEqual, what).toBe(true)
      expect(r.innerEqual, what).toBe(true)
      expect(r.innerError, what).toBeUndefined()
      expect(r.name).toBe(r.from === a().peerId ? 'ts-node-a' : 'ts-node-b')
    }
    // A listen-only node announces its status and nothing else.
    expect(new Set((await authored(b().peerId)).map((r) => r.kind))).toEqual(new Set(['node_status']))
    const block = ours.find((r) => r.kind === 'block' && r.from === a().peerId)
    expect(JSON.parse(block?.text ?? '{}')).toMatchObject({
      PeerID: a().peerId,
      ClientName: 'ts-node-a',
      DataHubURL: hubUrl,
    })
    await expectNoMalformed()
  })

  it("accepts the Go peer's four kinds, hands its block and subtree to validation, streams its status", async () => {
    const before = await Promise.all(
      nodes.map(async (node) =>
        Object.fromEntries(
          await Promise.all(MSG_BUS_KINDS.map(async (k) => [k, await node.sample(verdicts(k, 'accept'))])),
        ),
      ),
    )
    expect(await a().sample(handoffs('block'))).toBe(0)
    expect(await a().sample(handoffs('subtree'))).toBe(0)
    const block = { Hash: hex(0x60b1), Height: 7, DataHubURL: hubUrl }
    const subtree = { Hash: hex(0x60c1), DataHubURL: hubUrl }
    const rejected = { TxID: hex(0x7e1), Reason: 'missing inputs' }
    const status = {
      base_url: hubUrl,
      version: 'v0.9.0',
      commit_hash: 'abc123',
      best_block_hash: block.Hash,
      best_height: 7,
      fsm_state: 'RUNNING',
      start_time: Math.floor(Date.now() / 1000),
      uptime: 12.5,
      listen_mode: 'full',
      chain_work: '0'.repeat(64),
    }
    await go.publish('block', { message: block })
    await go.publish('subtree', { message: subtree })
    await go.publish('rejected_tx', { message: rejected })
    await go.publish('node_status', { message: status })
    const fromGo = (node: TeranodeNode, type: string, hash: string) =>
      node.ws.messages.find((m) => m.type === type && m.hash === hash && m.peer_id === go.peerId)
    for (const [i, node] of nodes.entries()) {
      const name = i === 0 ? 'A' : 'B'
      // Our /ws is told of a message only once it was accepted: these are the Go peer's own.
      await waitFor(
        () =>
          fromGo(node, 'block', block.Hash) &&
          fromGo(node, 'subtree', subtree.Hash) &&
          fromGo(node, 'rejected_tx', rejected.TxID),
        { ...WAIT, what: `the Go peer's block, subtree and rejected_tx on node ${name}'s /ws` },
      )
      expect(fromGo(node, 'block', block.Hash)).toMatchObject({ base_url: hubUrl, height: 7 })
      await waitFor(
        async () => {
          for (const k of MSG_BUS_KINDS)
            if ((await node.sample(verdicts(k, 'accept'))) <= (before[i]?.[k] ?? 0)) return false
          return true
        },
        { ...WAIT, what: `accept verdicts on every topic at node ${name}` },
      )
      await waitFor(async () => (await node.sample(handoffs('block'))) >= 1, {
        ...WAIT,
        what: `a block hand-off at node ${name}`,
      })
      await waitFor(async () => (await node.sample(handoffs('subtree'))) >= 1, {
        ...WAIT,
        what: `a subtree hand-off at node ${name}`,
      })
    }
    // Node B announces nothing, and A does not hand off its own: A's hand-offs are the Go peer's.
    expect(await a().sample(handoffs('block'))).toBe(1)
    expect(await a().sample(handoffs('subtree'))).toBe(1)
    for (const [i, stream] of statusStreams.entries()) {
      const streamed = await waitFor(
        () => stream.messages.find((m) => m.type === 'node_status' && m.peer_id === go.peerId),
        { ...WAIT, what: `the Go peer's node_status on node ${i === 0 ? 'A' : 'B'}'s /p2p-ws` },
      )
      expect(streamed).toMatchObject({ client_name: 'gopeer', base_url: hubUrl, best_height: 7 })
    }
    for (const node of nodes) {
      expect(await node.sample(verdicts('block', 'reject'))).toBe(0)
      expect(await node.sample(verdicts('node_status', 'reject'))).toBe(0)
    }
    await expectNoMalformed()
  })

  it('refuses and scores a spoofed author, then bans the spoofer', async () => {
    const spoofedBlock = { Hash: hex(0x5b0f), Height: 8, DataHubURL: hubUrl }
    const spoofed = await go.publish('node_status', { message: { base_url: hubUrl }, spoofPeerId: true })
    expect(spoofed.peerId).not.toBe(go.peerId)
    await go.publish('block', { message: spoofedBlock, spoofPeerId: true })
    for (const node of nodes)
      await waitFor(
        async () =>
          (await node.sample(verdicts('node_status', 'reject'))) >= 1 &&
          (await node.sample(verdicts('block', 'reject'))) >= 1 &&
          (await node.sample(mismatches('node_status'))) >= 1 &&
          (await node.sample(mismatches('block'))) >= 1,
        { ...WAIT, what: `reject verdicts and peer_id_mismatch refusals at ${node.peerId}` },
      )
    for (const node of nodes)
      expect(
        node.ws.messages.filter((m) => m.hash === spoofedBlock.Hash || m.peer_id === spoofed.peerId),
      ).toEqual([])
    expect(await a().sample(handoffs('block'))).toBe(1)
    // Two offences (40) stay under the threshold of 60: one more spoof bans, and a ban holds.
    const bannedBy = async (node: TeranodeNode) =>
      !(await go.connectedPeerIds()).includes(node.peerId) &&
      go.connect(node.address).then(
        () => false,
        () => true,
      )
    await waitFor(
      async () => {
        await go.publish('node_status', { message: {}, spoofPeerId: true })
        return (await bannedBy(a())) && (await bannedBy(b()))
      },
      { ...WAIT, intervalMs: 250, what: 'both our nodes to ban the spoofing Go peer' },
    )
    for (const node of nodes) expect(await node.sample('p2p_banned_peers')).toBeGreaterThanOrEqual(1)
    expect(await go.logs()).toEqual([])
    await expectNoMalformed()
  })
})
