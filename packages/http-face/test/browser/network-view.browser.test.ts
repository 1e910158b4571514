import { SystemClock } from '@p2p/node-runtime'
import { aHash, aNodeStatusMessage, aPeerId, MemoryLogger, MemoryMetrics, waitFor } from '@p2p/testkit'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { HttpFace, type StatusSource } from '../../src/index.js'
import { launchChromium } from './chromium.js'
import { PageErrors } from './page-errors.js'

const NODE_PEER = aPeerId()
const REMOTE_PEER = aPeerId()
const ANNOUNCER_PEER = aPeerId()
const DATA_HUB = 'https://datahub.node-b.example.com/api/v1'

const shortHash = (hash: string) => `${hash.slice(0, 8)}…${hash.slice(-8)}`

/** The dashboard's network view: the nodes a node knows of, from their statuses and their announcements. */
describe('the network view in a real browser', () => {
  let face: HttpFace
  let browser: Browser
  let page: Page
  let errors: PageErrors

  const status: StatusSource = () => ({
    healthy: true,
    version: '0.1.0-test',
    peerId: NODE_PEER,
    uptimeSeconds: 1,
    topics: {},
    peers: [],
    upstreams: {},
  })
  // What the node knows when the page connects: its own status, sent to the page first.
  const knownStatuses = [
    {
      status: aNodeStatusMessage({ peerId: NODE_PEER, clientName: 'teranode-p2p-ts', bestHeight: 881_234 }),
      receivedMs: Date.now(),
    },
  ]

  beforeAll(async () => {
    face = new HttpFace(
      {
        clock: new SystemClock(),
        logger: new MemoryLogger(),
        metrics: new MemoryMetrics(),
        status,
        nodeStatuses: () => knownStatuses,
      },
      { listen: '127.0.0.1:0' },
    )
    await face.start()
    browser = await launchChromium()
    page = await (await browser.newContext({ locale: 'en-US' })).newPage()
    errors = await PageErrors.watch(page, `http://127.0.0.1:${face.port}`)
    await page.goto(`http://127.0.0.1:${face.port}/`)
    await waitFor(() => face.websocketClients === 1, { what: 'the page to be a websocket client' })
  })

  afterAll(async () => {
    await browser?.close()
    await face?.stop()
  })

  const network = () => page.getByTestId('network')
  const rowOf = (peerId: string) => network().locator(`[data-peer-id="${peerId}"]`)

  it('lists the nodes that say how they are, ours first shown, and drops the silent ones', async () => {
    const own = rowOf(NODE_PEER)
    await own.waitFor({ timeout: 2_000 })
    expect(await own.getByTestId('network-height').textContent()).toBe('881,234')
    expect(await own.textContent()).toContain('self')
    const remote = aNodeStatusMessage({
      peerId: REMOTE_PEER,
      clientName: 'teranode',
      version: 'v0.12.1',
      bestHeight: 881_235,
      fsmState: 'CATCHINGBLOCKS',
      listenMode: 'listen_only',
      uptime: 3_725,
      connectedPeersCount: 7,
      storage: 'pruned',
    })
    // Not heard from for 6 min: dropped, however late it arrives.
    const silent = aNodeStatusMessage({ clientName: 'gone-quiet' })
    face.sink.notify({ type: 'node_status', timestampMs: Date.now() - 6 * 60_000, status: silent })
    face.sink.notify({ type: 'node_status', timestampMs: Date.now(), status: remote })
    const row = rowOf(REMOTE_PEER)
    await row.waitFor({ timeout: 2_000 })
    expect(await row.getAttribute('data-source')).toBe('status')
    expect(await row.getByTestId('network-client').textContent()).toBe('teranode')
    expect(await row.getByTestId('network-version').textContent()).toBe('v0.12.1')
    expect(await row.getByTestId('network-hash').textContent()).toBe(shortHash(remote.bestBlockHash))
    expect(await row.getByTestId('network-fsm').textContent()).toBe('CATCHINGBLOCKS')
    expect(await row.getByTestId('network-listen').textContent()).toBe('listen_only')
    expect(await row.getByTestId('network-uptime').textContent()).toBe('1h 2m 5s')
    expect(await row.getByTestId('network-peers').textContent()).toBe('7')
    expect(await row.getByTestId('network-storage').textContent()).toBe('pruned')
    // Highest best block first; the silent node is not listed.
    expect(await network().getByTestId('network-row').first().getAttribute('data-peer-id')).toBe(REMOTE_PEER)
    expect(await network().getByTestId('network-row').count()).toBe(2)
    expect(await page.getByTestId('network-count').textContent()).toBe('2')
    // A newer status from the same node replaces its row.
    face.sink.notify({
      type: 'node_status',
      timestampMs: Date.now(),
      status: { ...remote, fsmState: 'RUNNING' },
    })
    await waitFor(async () => (await row.getByTestId('network-fsm').textContent()) === 'RUNNING', {
      timeoutMs: 2_000,
      what: 'the newer status',
    })
    expect(await network().getByTestId('network-row').count()).toBe(2)
  })

  it('lists a node known only from its announcements (the spec wire), with the best block they tell', async () => {
    const hash = aHash()
    face.sink.notify({
      type: 'mining_on',
      timestampMs: Date.now(),
      hash,
      baseUrl: DATA_HUB,
      peerId: ANNOUNCER_PEER,
      previousHash: aHash(),
      height: 900_001,
      miner: 'spec-era miner',
      sizeInBytes: 1n,
      txCount: 1n,
    })
    // A lower block announced later does not move its best block back.
    face.sink.notify({
      type: 'block',
      timestampMs: Date.now(),
      hash: aHash(),
      baseUrl: DATA_HUB,
      peerId: ANNOUNCER_PEER,
      height: 899_999,
    })
    const row = rowOf(ANNOUNCER_PEER)
    await row.waitFor({ timeout: 2_000 })
    await waitFor(async () => (await row.getByTestId('network-height').textContent()) === '900,001', {
      timeoutMs: 2_000,
      what: 'the best block the announcements tell',
    })
    expect(await row.getAttribute('data-source')).toBe('announcements')
    expect(await row.getByTestId('network-hash').textContent()).toBe(shortHash(hash))
    expect(await row.getByTestId('network-client').textContent()).toBe('—')
    expect(await row.getByTestId('network-peers').textContent()).toBe('—')
    expect(await row.locator('td.peer code').getAttribute('title')).toContain(`data hub ${DATA_HUB}`)
    expect(await network().getByTestId('network-row').first().getAttribute('data-peer-id')).toBe(
      ANNOUNCER_PEER,
    )
    expect(await network().getByTestId('network-row').count()).toBe(3)
  })

  it("keeps a node's status over what its announcements tell", async () => {
    face.sink.notify({
      type: 'block',
      timestampMs: Date.now(),
      hash: aHash(),
      baseUrl: DATA_HUB,
      peerId: REMOTE_PEER,
      height: 950_000,
    })
    const row = rowOf(REMOTE_PEER)
    await waitFor(async () => (await row.locator('td.peer code').getAttribute('title'))?.includes(DATA_HUB), {
      timeoutMs: 2_000,
      what: 'the announcement noted',
    })
    expect(await row.getAttribute('data-source')).toBe('status')
    expect(await row.getByTestId('network-height').textContent()).toBe('881,235')
    expect(errors.errors).toEqual([])
  })
})
