import { type Browser, chromium } from 'playwright-core'

/** Debian's Chromium (or CHROMIUM_PATH), headless, as CI has it: no browser is downloaded. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--headless', '--disable-gpu', '--disable-background-networking'],
  })
}
