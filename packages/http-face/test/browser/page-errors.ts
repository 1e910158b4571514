import type { Page } from 'playwright-core'

/**
 * Everything the page reports as wrong: console errors (Chromium also logs failed loads and CSP
 * refusals there), uncaught exceptions, and `securitypolicyviolation` events, which an init
 * script turns into console errors so a violation cannot go unnoticed.
 *
 * While `expectOutage()` is in force (the test stopped the node on purpose), failed connections
 * to the page's own origin are expected and recorded apart; nothing else is excused.
 */
const REPORT_CSP_VIOLATIONS = `document.addEventListener('securitypolicyviolation', (event) => {
  console.error('CSP violation: ' + event.violatedDirective + ' blocked ' + (event.blockedURI || 'inline'))
})`

export class PageErrors {
  readonly errors: string[] = []
  readonly excused: string[] = []
  private outage = false

  private constructor(private readonly origin: string) {}

  static async watch(page: Page, origin: string): Promise<PageErrors> {
    const watcher = new PageErrors(origin)
    // A string, not a function: this package is type-checked without the DOM library.
    await page.addInitScript({ content: REPORT_CSP_VIOLATIONS })
    page.on('console', (message) => {
      if (message.type() === 'error') watcher.record(`console: ${message.text()}`, message.location().url)
    })
    page.on('pageerror', (error) => watcher.record(`pageerror: ${error.message}`, ''))
    return watcher
  }

  /** Connection failures to our origin are excused until `outageOver()`. */
  expectOutage(): void {
    this.outage = true
  }

  outageOver(): void {
    this.outage = false
  }

  private record(text: string, url: string): void {
    if (this.outage && this.isConnectionFailure(text, url)) this.excused.push(text)
    else this.errors.push(url === '' ? text : `${text} (at ${url})`)
  }

  private isConnectionFailure(text: string, url: string): boolean {
    const websocket = this.origin.replace(/^http/, 'ws')
    if (text.includes(`WebSocket connection to '${websocket}/`) && text.includes('failed')) return true
    return (
      url.startsWith(`${this.origin}/`) &&
      /Failed to load resource: net::ERR_CONNECTION_(REFUSED|RESET|CLOSED)/.test(text)
    )
  }
}
