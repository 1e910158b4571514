import { readFile } from 'node:fs/promises'
import { encodeNotification, NOTIFICATION_TYPES } from '@p2p/domain'
import { aNotification, arbNotification } from '@p2p/testkit'
import fc from 'fast-check'
import { beforeAll, describe, expect, it } from 'vitest'

/** The part of the page's notifications module these tests use (the page is JS, checked apart). */
interface PageNotifications {
  readonly NOTIFICATION_TYPES: readonly string[]
  readonly DATA_TYPES: readonly string[]
  readonly LABELS: Readonly<Record<string, string>>
  readonly readFrame: (data: unknown) => { readonly type: string; readonly hash?: unknown } | undefined
}

const PUBLIC = new URL('../../public/', import.meta.url)

describe("the page's notification types", () => {
  let page: PageNotifications
  let html: string

  beforeAll(async () => {
    // A computed specifier: the tests' tsconfig does not take JS, and the module needs no DOM.
    const specifier = new URL('js/notifications.js', PUBLIC).href
    page = (await import(specifier)) as PageNotifications
    html = await readFile(new URL('index.html', PUBLIC), 'utf8')
  })

  it("are the domain's, in the domain's order", () => {
    expect(page.NOTIFICATION_TYPES).toEqual([...NOTIFICATION_TYPES])
    expect(page.DATA_TYPES).toEqual(NOTIFICATION_TYPES.filter((type) => type !== 'PING'))
    expect(Object.keys(page.LABELS).sort()).toEqual([...NOTIFICATION_TYPES].sort())
  })

  it('each have a filter box, a counter, and a sparkline if they carry data', () => {
    for (const type of NOTIFICATION_TYPES) {
      expect(html, `filter for ${type}`).toContain(`value="${type}" data-testid="filter-${type}"`)
      expect(html, `counter for ${type}`).toContain(`data-testid="count-${type}"`)
    }
    for (const type of page.DATA_TYPES) {
      expect(html, `sparkline for ${type}`).toContain(`<canvas class="spark" data-type="${type}"`)
    }
  })

  it('are read back from what the domain encodes, every type', () => {
    for (const type of NOTIFICATION_TYPES) {
      expect(page.readFrame(encodeNotification(aNotification(type)))?.type).toBe(type)
    }
    fc.assert(
      fc.property(arbNotification, (notification) => {
        const read = page.readFrame(encodeNotification(notification))
        expect(read?.type).toBe(notification.type)
        if ('hash' in notification) expect(read?.hash).toBe(notification.hash)
      }),
    )
  })

  it('and nothing else', () => {
    for (const frame of [
      '{"type":"pong"}',
      '{"type":"Block"}',
      '{}',
      '[]',
      'null',
      '"block"',
      'not json',
      new Uint8Array([123, 125]),
    ]) {
      expect(page.readFrame(frame), String(frame)).toBeUndefined()
    }
  })
})
