#!/usr/bin/env node
// Saves a full-page screenshot of a running node's dashboard once its network view lists at
// least `--nodes` nodes (how docs/images/network-view.png is made, from `pnpm dev:network`).
//   node packages/http-face/scripts/dashboard-screenshot.mjs http://127.0.0.1:39906/ out.png --nodes 3
import { parseArgs } from 'node:util'
import { chromium } from 'playwright-core'

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { nodes: { type: 'string', default: '1' }, width: { type: 'string', default: '1500' } },
})
const [url, out] = positionals
if (url === undefined || out === undefined) {
  console.error('usage: dashboard-screenshot.mjs <dashboard url> <out.png> [--nodes N] [--width PX]')
  process.exit(2)
}
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox'],
})
try {
  const page = await browser.newPage({ viewport: { width: Number(values.width), height: 1000 } })
  await page.goto(url)
  await page.waitForFunction(
    (n) => document.querySelectorAll('[data-testid="network"] tr').length >= n,
    Number(values.nodes),
    { timeout: 30_000 },
  )
  // A few notifications in the feed make the picture.
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="feed"] tr').length >= 8, null, {
    timeout: 30_000,
  })
  // The first status poll may predate the page's own websocket; wait for one that counts it.
  await page.waitForFunction(
    () => Number(document.querySelector('[data-testid="node-ws-clients"]')?.textContent) >= 1,
    null,
    { timeout: 30_000 },
  )
  await page.screenshot({ path: out, fullPage: true })
  console.log(`wrote ${out}`)
} finally {
  await browser.close()
}
