import { describe, expect, it } from 'vitest'
import { AnnouncerTable } from './announcer-table.js'
import { SeenAnnouncements } from './seen-announcements.js'

const by = (peerId: string) => ({ peerId, baseUrl: `http://${peerId}.example/` })
const limits = { ttlMs: 1000, maxEntries: 3, maxAnnouncers: 2 }

describe('SeenAnnouncements', () => {
  it('returns the same sighting for a key within the window, a fresh one after it', () => {
    const seen = new SeenAnnouncements({}, limits)
    const first = seen.sight('h', by('a'), 0)
    first.notified = true
    expect(seen.sight('h', by('b'), 999)).toBe(first)
    const later = seen.sight('h', by('c'), 1000)
    expect(later).not.toBe(first)
    expect(later).toMatchObject({ firstSeenMs: 1000, notified: false, handedOff: false })
    expect(later.announcers.map((a) => a.peerId)).toEqual(['c'])
  })

  it('records distinct announcers up to the bound, and nothing about the rest', () => {
    const seen = new SeenAnnouncements({}, limits)
    for (const peer of ['a', 'a', 'b', 'c', 'd']) seen.sight('h', by(peer), 0)
    expect(seen.get('h', 0)?.announcers).toEqual([by('a'), by('b')])
    expect(seen.get('h', 0)?.tried).toBe(0)
  })

  it('shares one announcer object per peer and URL across keys, within its bound', () => {
    const seen = new SeenAnnouncements(
      { announcers: new AnnouncerTable({ maxPeers: 2, maxUrlsPerPeer: 1 }) },
      { ...limits, maxEntries: 1000 },
    )
    const first = seen.sight('h1', by('a'), 0).announcers[0]
    expect(seen.sight('h2', by('a'), 0).announcers[0]).toBe(first)
    // A second URL of the same peer and a third peer are past the table's bounds: kept, not shared.
    const otherUrl = { peerId: 'a', baseUrl: 'http://elsewhere.example/' }
    expect(seen.sight('h3', otherUrl, 0).announcers[0]).toEqual(otherUrl)
    seen.sight('h4', by('b'), 0)
    expect(seen.sight('h5', by('c'), 0).announcers[0]).toEqual(by('c'))
    expect(Object.isFrozen(first)).toBe(true)
  })

  it('forgets the oldest key when full', () => {
    const seen = new SeenAnnouncements({}, limits)
    for (const key of ['1', '2', '3', '4']) seen.sight(key, by('a'), 0)
    expect(seen.size).toBe(3)
    expect(seen.get('1', 0)).toBeUndefined()
    expect(seen.get('4', 0)).toBeDefined()
  })

  it('drops expired keys as new ones come, so the map holds only the window', () => {
    const seen = new SeenAnnouncements({}, { ...limits, maxEntries: 1000 })
    for (let t = 0; t < 5000; t += 10) seen.sight(`k${t}`, by('a'), t)
    // Only the keys of the last 1000 ms are left.
    expect(seen.size).toBe(100)
    expect(seen.get('k3990', 4990)).toBeUndefined()
    expect(seen.get('k4000', 4990)).toBeDefined()
  })
})
