import { isIP } from 'node:net'
import type { Multiaddr } from '@multiformats/multiaddr'
import { ipv4ToText, parseIpv6 } from '@p2p/domain'

export interface AddressBansDeps {
  readonly now: () => number
}

export interface AddressBansOptions {
  /** Distinct banned peer ids from one address that ban the address; 0 = never. */
  readonly threshold: number
  /** How long an address ban lasts, and how long a banned peer counts towards one. */
  readonly durationMs: number
  /** Addresses tracked (counting or banned) at most; the oldest is forgotten first. */
  readonly maxAddresses: number
  /** Whether loopback addresses may be banned (off: local test networks share 127.0.0.1). */
  readonly loopback: boolean
}

interface Entry {
  /** Peer ids banned from this address, at most `threshold`. */
  readonly peers: Set<string>
  /** When the first of them was banned: they count for `durationMs` from then. */
  since: number
  /** Set once the address itself is banned. */
  until?: number
}

/**
 * Bans an IP address once enough distinct peer ids from it were banned: identities cost a stranger
 * nothing (about 24 a second from one host), so banning them one by one costs us an entry each
 * and keeps no one out. Memory is bounded: at most `threshold` ids per address, at most
 * `maxAddresses` addresses, found by insertion order, no timer.
 */
export class AddressBans {
  private readonly entries = new Map<string, Entry>()

  private readonly now: () => number

  constructor(
    deps: AddressBansDeps,
    private readonly options: AddressBansOptions,
  ) {
    this.now = deps.now
  }

  /** Notes that `peer`, seen at `ips`, was banned; returns the addresses this banned. */
  peerBanned(peer: string, ips: readonly string[]): string[] {
    if (this.options.threshold <= 0) return []
    const now = this.now()
    const banned: string[] = []
    for (const raw of new Set(ips.map(normalise))) {
      if (!this.eligible(raw)) continue
      let entry = this.current(raw, now)
      if (entry?.until !== undefined) continue
      if (entry === undefined) {
        entry = { peers: new Set(), since: now }
        this.insert(raw, entry)
      }
      entry.peers.add(peer)
      if (entry.peers.size < this.options.threshold) continue
      entry.until = now + this.options.durationMs
      entry.peers.clear()
      // Moved to the end: the newest ban is the last to be forgotten.
      this.entries.delete(raw)
      this.entries.set(raw, entry)
      banned.push(raw)
    }
    return banned
  }

  isBanned(ip: string): boolean {
    return this.current(normalise(ip), this.now())?.until !== undefined
  }

  /** Addresses banned now, with their expiry (diagnostics). */
  bans(): Array<{ readonly ip: string; readonly until: number }> {
    const now = this.now()
    const result: Array<{ ip: string; until: number }> = []
    for (const [ip, entry] of this.entries) {
      if (entry.until !== undefined && entry.until > now) result.push({ ip, until: entry.until })
    }
    return result
  }

  private eligible(ip: string): boolean {
    if (isIP(ip) === 0) return false
    return this.options.loopback || !isLoopback(ip)
  }

  /** The entry while it means something: a ban in force, or counting within the window. */
  private current(ip: string, now: number): Entry | undefined {
    const entry = this.entries.get(ip)
    if (entry === undefined) return undefined
    const end = entry.until ?? entry.since + this.options.durationMs
    if (end > now) return entry
    this.entries.delete(ip)
    return undefined
  }

  private insert(ip: string, entry: Entry): void {
    if (this.entries.size >= this.options.maxAddresses) {
      const oldest = this.entries.keys().next()
      if (!oldest.done) this.entries.delete(oldest.value)
    }
    this.entries.set(ip, entry)
  }
}

/** The IP address a multiaddr starts with, if it does (a DNS or relay address has none we can judge). */
export function ipOf(address: Multiaddr): string | undefined {
  const first = address.getComponents()[0]
  if (first?.name !== 'ip4' && first?.name !== 'ip6') return undefined
  return first.value === undefined ? undefined : normalise(first.value)
}

/**
 * `::ffff:1.2.3.4` is 1.2.3.4, and so is `::ffff:102:304`, the way multiaddr prints it: one host
 * must not get two chances.
 */
function normalise(ip: string): string {
  const lower = ip.toLowerCase()
  const groups = lower.startsWith('::ffff:') ? parseIpv6(lower) : undefined
  if (groups?.length !== 8 || groups[5] !== 0xffff || groups.slice(0, 5).some((g) => g !== 0)) return lower
  return ipv4ToText((groups[6] ?? 0) * 0x1_0000 + (groups[7] ?? 0))
}

function isLoopback(ip: string): boolean {
  return ip === '::1' || ip.startsWith('127.')
}
