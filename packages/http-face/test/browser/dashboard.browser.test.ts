import { mkdir } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import type { Notification } from '@p2p/domain'
import { SystemClock } from '@p2p/node-runtime'
import { aHash, aNodeStatusMessage, aPeerId, MemoryLogger, MemoryMetrics, waitFor } from '@p2p/testkit'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { HttpFace, type StatusSource } from '../../src/index.js'
import { launchChromium } from './chromium.js'
import { PageErrors } from './page-errors.js'

const OUTPUT_DIR = fileURLToPath(new URL('../../test-output/', import.meta.url))
const NODE_PEER = aPeerId()
const REMOTE_PEER = aPeerId()
const DATA_HUB = 'https://datahub.node-a.example.com/api/v1'
/** How fast a pushed notification must show in the feed. */
const LATENCY_BUDGET_MS = 1_000

const shortHash = (hash: string) => `${hash.slice(0, 8)}…${hash.slice(-8)}`

describe('the dashboard in a real browser', () => {
  const startedAt = Date.now()
  let face: HttpFace
  let port = 0
  let browser: Browser
  let context: BrowserContext
  let page: Page
  let errors: PageErrors
  const latencies: number[] = []

  const status: StatusSource = () => ({
    healthy: true,
    version: '0.1.0-test',
    peerId: NODE_PEER,
    uptimeSeconds: Math.floor((Date.now() - startedAt) / 1000),
    topics: {
      bestBlock: 'teranode/bitcoin/1.0.0/testnet-bestblock',
      block: 'teranode/bitcoin/1.0.0/testnet-block',
      subtree: 'teranode/bitcoin/1.0.0/testnet-subtree',
      miningOn: 'teranode/bitcoin/1.0.0/testnet-mining_on',
      rejectedTx: 'teranode/bitcoin/1.0.0/testnet-rejected_tx',
    },
    peers: [
      {
        id: REMOTE_PEER,
        addresses: ['/ip4/203.0.113.7/tcp/9905', '/dns4/node-b.example.com/tcp/9905'],
        topics: ['block', 'subtree', 'miningOn'],
      },
    ],
    upstreams: {
      // Up for an hour, nothing heard for 2 min 10 s when the test started: a quiet chain.
      blockchain: {
        state: 'up',
        sinceMs: startedAt - 3_600_000,
        quietForMs: Date.now() - (startedAt - 130_000),
        lastMessageMs: startedAt - 130_000,
        failures: 2,
        reconnects: 2,
      },
      blockValidation: {
        state: 'connecting',
        detail: 'dial tcp 10.0.0.5:8088: connection refused',
        sinceMs: startedAt,
      },
    },
  })

  async function startFace(listen: string): Promise<number> {
    const started = new HttpFace(
      {
        clock: new SystemClock(),
        logger: new MemoryLogger(),
        metrics: new MemoryMetrics(),
        status,
        nodeStatuses: () => knownStatuses,
      },
      // The operator setting that shows upstreams' detail text: the page must render it as text.
      { listen, statusDetail: true },
    )
    face = started
    await started.start()
    if (started.port === undefined) throw new Error('the face started without a port')
    return started.port
  }

  const state = () => page.getByTestId('connection-state').getAttribute('data-state')

  // What the node knows when the page connects: its own status, sent to the page first.
  const knownStatuses = [
    {
      status: aNodeStatusMessage({ peerId: NODE_PEER, clientName: 'teranode-p2p-ts', bestHeight: 881_234 }),
      receivedMs: Date.now(),
    },
  ]

  /** Pushes a notification and measures until its row is in the feed; fails past the budget. */
  async function pushAndSee(notification: Notification & { hash: string }): Promise<number> {
    const row = page.getByTestId('feed-row').filter({ hasText: shortHash(notification.hash) })
    const seen = row.waitFor({ state: 'visible', timeout: LATENCY_BUDGET_MS + 500 })
    const started = performance.now()
    face.sink.notify(notification)
    await seen
    const latency = performance.now() - started
    latencies.push(latency)
    expect(latency, `${notification.type} notification latency`).toBeLessThanOrEqual(LATENCY_BUDGET_MS)
    return latency
  }

  beforeAll(async () => {
    await mkdir(OUTPUT_DIR, { recursive: true })
    port = await startFace('127.0.0.1:0')
    browser = await launchChromium()
    context = await browser.newContext({
      viewport: { width: 1280, height: 800 },
      colorScheme: 'light',
      locale: 'en-US',
    })
    page = await context.newPage()
    errors = await PageErrors.watch(page, `http://127.0.0.1:${port}`)
    await page.goto(`http://127.0.0.1:${port}/`)
  })

  afterAll(async () => {
    await browser?.close()
    await face?.stop()
    if (errors !== undefined && errors.excused.length > 0) {
      console.info(`dashboard: expected while the node was down:\n  ${errors.excused.join('\n  ')}`)
    }
    if (latencies.length > 0) {
      console.info(`dashboard: notification latencies ${latencies.map((ms) => ms.toFixed(1)).join(', ')} ms`)
    }
  })

  it('goes live and shows a pushed notification within a second', async () => {
    await waitFor(async () => (await state()) === 'live', { timeoutMs: 5_000, what: 'the page to go live' })
    await waitFor(() => face.websocketClients === 1, { what: 'the page to be a websocket client' })
    expect(await page.getByTestId('connection-state').textContent()).toContain('Live')

    const block = {
      type: 'block',
      timestampMs: Date.now(),
      hash: aHash(),
      baseUrl: DATA_HUB,
      peerId: REMOTE_PEER,
      height: 881_234,
    } as const
    await pushAndSee(block)

    const row = page.getByTestId('feed-row').first()
    expect(await row.getAttribute('data-type')).toBe('block')
    expect(await row.textContent()).toContain('881234')
    const link = row.getByRole('link')
    expect(await link.getAttribute('href')).toBe(`${DATA_HUB}/block/${block.hash}`)
    expect(await link.getAttribute('target')).toBe('_blank')
    expect(await link.getAttribute('rel')).toBe('noopener noreferrer')
    await waitFor(async () => (await page.getByTestId('count-block').textContent()) === '1', {
      timeoutMs: 1_000,
      what: 'the block counter',
    })
  })

  it('shows every type, counts them, and treats announced text as text', async () => {
    await pushAndSee({
      type: 'subtree',
      timestampMs: Date.now(),
      hash: aHash(),
      baseUrl: DATA_HUB,
      peerId: NODE_PEER,
    })
    const mining = {
      type: 'mining_on',
      timestampMs: Date.now(),
      hash: aHash(),
      baseUrl: DATA_HUB,
      peerId: REMOTE_PEER,
      previousHash: aHash(),
      height: 881_235,
      miner: '<img src=x onerror=alert(1)>',
      sizeInBytes: 123_456_789n,
      txCount: 98_765_432_109_876_543n,
    } as const
    await pushAndSee(mining)
    await pushAndSee({
      type: 'rejected_tx',
      timestampMs: Date.now(),
      hash: aHash(),
      peerId: REMOTE_PEER,
      reason: 'missing inputs',
    })
    // A base URL that is not http(s) gives no link.
    const hostile = {
      type: 'subtree',
      hash: aHash(),
      baseUrl: 'javascript:alert(1)',
      peerId: REMOTE_PEER,
    } as const
    await pushAndSee(hostile)

    await waitFor(
      async () =>
        (await page.getByTestId('count-subtree').textContent()) === '2' &&
        (await page.getByTestId('count-mining_on').textContent()) === '1' &&
        (await page.getByTestId('count-rejected_tx').textContent()) === '1',
      { timeoutMs: 1_000, what: 'the counters' },
    )
    expect(await page.getByTestId('feed-row').count()).toBe(5)

    const miningRow = page.getByTestId('feed-row').filter({ hasText: shortHash(mining.hash) })
    const miningText = await miningRow.textContent()
    expect(miningText).toContain('<img src=x onerror=alert(1)>')
    expect(miningText).toContain('98,765,432,109,876,543 txs')
    expect(await miningRow.locator('img').count()).toBe(0)
    expect(await miningRow.getByRole('link').getAttribute('href')).toBe(`${DATA_HUB}/block/${mining.hash}`)

    const rejectedRow = page.getByTestId('feed-row').filter({ hasText: 'missing inputs' })
    expect(await rejectedRow.getAttribute('data-type')).toBe('rejected_tx')
    const hostileRow = page.getByTestId('feed-row').filter({ hasText: shortHash(hostile.hash) })
    expect(await hostileRow.getByRole('link').count()).toBe(0)

    // Client-side filter and pause.
    await page.getByTestId('filter-subtree').uncheck()
    expect(await page.getByTestId('feed-row').count()).toBe(3)
    await page.getByTestId('filter-subtree').check()
    expect(await page.getByTestId('feed-row').count()).toBe(5)
    await page.getByTestId('pause').click()
    const held = {
      type: 'block',
      hash: aHash(),
      baseUrl: DATA_HUB,
      peerId: REMOTE_PEER,
      height: 881_236,
    } as const
    face.sink.notify(held)
    await waitFor(
      async () => (await page.getByTestId('feed-foot').textContent())?.includes('1 new notification'),
      {
        timeoutMs: 1_000,
        what: 'the paused feed to hold the notification back',
      },
    )
    expect(await page.getByTestId('feed-row').count()).toBe(5)
    await page.getByTestId('pause').click()
    await page
      .getByTestId('feed-row')
      .filter({ hasText: shortHash(held.hash) })
      .waitFor({ timeout: 1_000 })
    await waitFor(async () => (await page.getByTestId('count-block').textContent()) === '2', {
      timeoutMs: 1_000,
      what: 'the block counter to count the held-back notification',
    })
  })

  it("shows the node's peers, services and identity from /status", async () => {
    const peers = page.getByTestId('peers')
    await peers.getByTestId('peer').first().waitFor({ timeout: 5_000 })
    expect(await peers.getByTestId('peer').count()).toBe(1)
    const peer = peers.getByTestId('peer').first()
    expect(await peer.locator('code').getAttribute('title')).toBe(REMOTE_PEER)
    expect(await peer.textContent()).toContain('/ip4/203.0.113.7/tcp/9905')
    expect(await peer.textContent()).toContain('miningOn')

    const upstreams = page.getByTestId('upstream')
    expect(await upstreams.count()).toBe(2)
    expect(await upstreams.nth(0).getAttribute('data-state')).toBe('up')
    expect(await upstreams.nth(1).textContent()).toContain('connection refused')
    // A subscription says how long it has been quiet and how often it failed; a service we only
    // call has neither.
    const quiet = upstreams.nth(0).getByTestId('upstream-quiet')
    const quietText = (await quiet.textContent()) ?? ''
    expect(quietText).toMatch(/^quiet 2m \d{1,2}s$/)
    expect(await quiet.getAttribute('title')).toBe(
      `last message ${new Date(startedAt - 130_000).toISOString()}`,
    )
    expect(await upstreams.nth(0).getByTestId('upstream-counts').textContent()).toBe(
      '2 failures, 2 reconnects',
    )
    expect(await upstreams.nth(1).getByTestId('upstream-quiet').count()).toBe(0)
    expect(await upstreams.nth(1).getByTestId('upstream-counts').count()).toBe(0)
    // It keeps counting between status polls.
    await waitFor(async () => (await quiet.textContent()) !== quietText, {
      timeoutMs: 3_000,
      what: 'the quiet time to move on',
    })
    expect(await page.getByTestId('node-peer-id-full').textContent()).toBe(NODE_PEER)
    expect(await page.getByTestId('node-version-full').textContent()).toBe('0.1.0-test')
    expect(await page.getByTestId('node-health').getAttribute('data-health')).toBe('healthy')
  })

  it('reconnects by itself when the node restarts on the same port', async () => {
    errors.expectOutage()
    await face.stop()
    await waitFor(async () => (await state()) === 'reconnecting', {
      timeoutMs: 3_000,
      what: 'the page to notice the node went away',
    })
    expect(await page.getByTestId('connection-state').textContent()).toContain('Reconnecting')

    expect(await startFace(`127.0.0.1:${port}`)).toBe(port)
    await waitFor(async () => (await state()) === 'live', {
      timeoutMs: 8_000,
      what: 'the page to be live again',
    })
    await waitFor(() => face.websocketClients === 1, { what: 'the page to reconnect to the new node' })
    errors.outageOver()

    await pushAndSee({
      type: 'block',
      timestampMs: Date.now(),
      hash: aHash(),
      baseUrl: DATA_HUB,
      peerId: REMOTE_PEER,
      height: 881_237,
    })
    // Same page, no reload: what it had before the restart is still there.
    expect(await page.getByTestId('feed-row').count()).toBe(7)
    await waitFor(async () => (await page.getByTestId('count-block').textContent()) === '3', {
      timeoutMs: 1_000,
      what: 'the block counter after the restart',
    })
    await page.getByTestId('peer').first().waitFor({ timeout: 5_000 })

    await page.screenshot({ path: `${OUTPUT_DIR}dashboard.png` })
  })

  it('fits a narrow screen in the dark scheme', async () => {
    await page.setViewportSize({ width: 390, height: 844 })
    await page.emulateMedia({ colorScheme: 'dark' })
    // Strings, not functions: the tests are type-checked without the DOM library.
    const overflow = await page.evaluate<number>(
      'document.documentElement.scrollWidth - document.documentElement.clientWidth',
    )
    expect(overflow, 'horizontal overflow of the page').toBeLessThanOrEqual(0)
    expect(await page.getByTestId('connection-state').isVisible()).toBe(true)
    await page.screenshot({ path: `${OUTPUT_DIR}dashboard-narrow.png`, fullPage: true })
  })

  it('logged no errors (and would have seen a CSP violation)', async () => {
    expect(errors.errors).toEqual([])
    // The watcher is not blind: an inline style is refused by the CSP and reported.
    await page.evaluate(`{
      const style = document.createElement('style')
      style.textContent = 'body { outline: 1px solid red }'
      document.head.append(style)
    }`)
    await waitFor(() => errors.errors.some((e) => e.includes('style-src')), {
      timeoutMs: 2_000,
      what: 'the CSP violation to be reported',
    })
  })
})
