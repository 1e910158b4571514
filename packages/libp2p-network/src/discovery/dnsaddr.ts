import { peerIdFromString } from '@libp2p/peer-id'
import { multiaddr } from '@multiformats/multiaddr'
import { type ErrorCode, isP2PError, P2PError } from '@p2p/domain'
import { errnoCode } from '../identity/small-file.js'
import { errorText } from '../util/error-text.js'

export interface DnsaddrDeps {
  /** TXT records of a name, each as its chunks (node:dns `resolveTxt`). */
  resolveTxt(name: string): Promise<string[][]>
}

export interface DnsaddrOptions {
  /** Lookups in one chain of nested /dnsaddr entries, the first included; 4 by default. */
  readonly maxDepth?: number
  /** Addresses one /dnsaddr entry may give; 64 by default. */
  readonly maxAddresses?: number
  /** Lookups one /dnsaddr entry may cost over all its branches; 32 by default. */
  readonly maxLookups?: number
  /** Each lookup gives up after this; 10 s by default. */
  readonly timeoutMs?: number
}

/** A TXT value or list entry that gave no address, and why. */
export interface Dropped {
  readonly entry: string
  readonly reason: string
}

export interface DnsaddrResolution {
  /** Concrete multiaddrs, each ending in /p2p/<id>, in the order the records gave them. */
  readonly addresses: string[]
  /** Records that were not used: not a multiaddr, no /p2p/<id>, another peer, a failed nested lookup. */
  readonly dropped: Dropped[]
}

const RECORD_PREFIX = 'dnsaddr='
const MAX_DOMAIN_LENGTH = 253

interface Target {
  readonly domain: string
  /** The peer named after the domain; the records are narrowed to it. */
  readonly peer: string | undefined
}

interface Walk {
  readonly deps: DnsaddrDeps
  readonly maxDepth: number
  readonly maxAddresses: number
  readonly timeoutMs: number
  lookupsLeft: number
  readonly addresses: Set<string>
  readonly dropped: Dropped[]
  overflow: number
  /** The code of the first nested lookup that failed. */
  nestedFailure: ErrorCode | undefined
}

/**
 * Resolves `/dnsaddr/<domain>[/p2p/<id>]` as go-multiaddr-dns does: the TXT records of
 * `_dnsaddr.<domain>` that start `dnsaddr=` hold multiaddrs, which may be /dnsaddr/ entries in
 * turn. Nested entries that fail are dropped with their reason; the whole resolution fails (a
 * P2PError) when the first lookup fails or nothing usable is left, and the caller decides
 * whether to go on without this entry.
 */
export async function resolveDnsaddr(
  address: string,
  deps: DnsaddrDeps,
  options: DnsaddrOptions = {},
): Promise<DnsaddrResolution> {
  const target = parseTarget(address)
  const walk: Walk = {
    deps,
    maxDepth: Math.max(1, options.maxDepth ?? 4),
    maxAddresses: Math.max(1, options.maxAddresses ?? 64),
    timeoutMs: options.timeoutMs ?? 10_000,
    lookupsLeft: Math.max(1, options.maxLookups ?? 32),
    addresses: new Set(),
    dropped: [],
    overflow: 0,
    nestedFailure: undefined,
  }
  // The first lookup's own failure is the entry's failure, said as it is.
  const records = await lookup(walk, target.domain, address)
  await visit(walk, records, target, 1)
  if (walk.overflow > 0) {
    walk.dropped.push({
      entry: address,
      reason: `${walk.overflow} more addresses than the limit of ${walk.maxAddresses}`,
    })
  }
  if (walk.addresses.size === 0) {
    const first = walk.dropped[0]
    const why = first === undefined ? 'no dnsaddr= records' : `${first.entry}: ${first.reason}`
    // A nested lookup that timed out is a timeout, whatever else was dropped.
    throw new P2PError(
      walk.nestedFailure ?? 'upstream_failed',
      `${address} resolved to no usable address (${why})`,
      {
        context: { address, dropped: walk.dropped.slice(0, 5) },
      },
    )
  }
  return { addresses: [...walk.addresses], dropped: walk.dropped }
}

export interface PeerAddressResolution {
  /** Plain entries unchanged and resolved ones, in list order, without duplicates. */
  readonly addresses: string[]
  /** Entries that gave no address at all. */
  readonly failures: Dropped[]
  /** Records of /dnsaddr entries that were left out while others were used. */
  readonly dropped: Dropped[]
}

/**
 * Resolves the /dnsaddr/ entries of a list of peer addresses (bootstrap or static peers) and
 * passes the others through unchanged; each /dnsaddr/ entry is resolved on its own, so one
 * broken domain costs only its own peers.
 */
export async function resolvePeerAddresses(
  list: readonly string[],
  deps: DnsaddrDeps,
  options: DnsaddrOptions = {},
): Promise<PeerAddressResolution> {
  const outcomes = await Promise.all(
    list.map(async (entry): Promise<{ addresses: string[]; failure?: Dropped; dropped: Dropped[] }> => {
      if (!isDnsaddr(entry)) return { addresses: [entry], dropped: [] }
      try {
        const resolved = await resolveDnsaddr(entry, deps, options)
        return { addresses: resolved.addresses, dropped: resolved.dropped }
      } catch (error) {
        const reason = isP2PError(error) ? error.message : String(error)
        return { addresses: [], failure: { entry, reason }, dropped: [] }
      }
    }),
  )
  const addresses = new Set<string>()
  const failures: Dropped[] = []
  const dropped: Dropped[] = []
  for (const outcome of outcomes) {
    for (const address of outcome.addresses) addresses.add(address)
    if (outcome.failure !== undefined) failures.push(outcome.failure)
    dropped.push(...outcome.dropped)
  }
  return { addresses: [...addresses], failures, dropped }
}

/** Whether the text is a multiaddr that starts with /dnsaddr/ (a bad one is left to its dialler). */
export function isDnsaddr(text: string): boolean {
  try {
    return multiaddr(text).getComponents()[0]?.name === 'dnsaddr'
  } catch {
    return false
  }
}

function parseTarget(address: string): Target {
  let components: ReturnType<ReturnType<typeof multiaddr>['getComponents']>
  try {
    components = multiaddr(address).getComponents()
  } catch (error) {
    throw new P2PError('invalid_config', `${address} is not a multiaddr`, {
      context: { address },
      cause: error,
    })
  }
  const [first, second, ...rest] = components
  const domain = first?.name === 'dnsaddr' ? first.value : undefined
  if (domain === undefined || domain === '' || domain.length > MAX_DOMAIN_LENGTH) {
    throw new P2PError('invalid_config', `${address} is not /dnsaddr/<domain>`, { context: { address } })
  }
  if (second === undefined) return { domain, peer: undefined }
  if (second.name !== 'p2p' || second.value === undefined || rest.length > 0) {
    throw new P2PError('invalid_config', `${address}: after /dnsaddr/<domain> only /p2p/<id> may follow`, {
      context: { address },
    })
  }
  return { domain, peer: second.value }
}

/** The `dnsaddr=` values of `_dnsaddr.<domain>`; a failure becomes a P2PError naming the DNS error. */
/** `entry` is named in the message only for the first lookup: a nested one's failure is listed under its entry. */
async function lookup(walk: Walk, domain: string, entry?: string): Promise<string[]> {
  walk.lookupsLeft--
  const name = `_dnsaddr.${domain}`
  let records: string[][]
  let timer: NodeJS.Timeout | undefined
  try {
    records = await Promise.race([
      walk.deps.resolveTxt(name),
      new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(Object.assign(new Error('timed out'), { code: 'ETIMEOUT' })),
          walk.timeoutMs,
        )
      }),
    ])
  } catch (error) {
    const dnsCode = errnoCode(error)
    const [code, known] = describeDnsError(dnsCode)
    const what = known ?? errorText(error)
    const message = `the TXT lookup of ${name} failed: ${what}`
    throw new P2PError(code, entry === undefined ? message : `${entry}: ${message}`, {
      context: { name, dnsCode, ...(entry === undefined ? {} : { entry }) },
      cause: error,
    })
  } finally {
    clearTimeout(timer)
  }
  // A TXT record longer than 255 bytes arrives in chunks: the value is their concatenation.
  return records.map((chunks) => chunks.join('')).filter((value) => value.startsWith(RECORD_PREFIX))
}

/** The code for a node:dns error code, and what it means when that is worth saying. */
function describeDnsError(dnsCode: string): readonly [ErrorCode, string | undefined] {
  switch (dnsCode) {
    case 'ENOTFOUND':
      return ['upstream_failed', 'no such name (NXDOMAIN)']
    case 'ENODATA':
      return ['upstream_failed', 'the name has no TXT records']
    case 'ETIMEOUT':
      return ['upstream_timeout', 'no answer in time']
    case 'ECONNREFUSED':
    case 'ESERVFAIL':
    case 'EREFUSED':
      return ['upstream_unavailable', `the DNS server did not serve the query (${dnsCode})`]
    default:
      return ['upstream_failed', undefined]
  }
}

async function visit(walk: Walk, records: readonly string[], target: Target, depth: number): Promise<void> {
  const nested: Array<{ value: string; next: Target }> = []
  for (const record of records) {
    const value = record.slice(RECORD_PREFIX.length)
    const verdict = judge(value, target)
    if (typeof verdict === 'string') walk.dropped.push({ entry: value, reason: verdict })
    else if (verdict.kind === 'nested') nested.push({ value, next: verdict.target })
    else if (walk.addresses.size >= walk.maxAddresses) walk.overflow += walk.addresses.has(value) ? 0 : 1
    else walk.addresses.add(value)
  }
  await Promise.all(
    nested.map(async ({ value, next }) => {
      if (depth >= walk.maxDepth) {
        walk.dropped.push({ entry: value, reason: `nested deeper than ${walk.maxDepth} lookups` })
        return
      }
      if (walk.lookupsLeft <= 0) {
        walk.dropped.push({ entry: value, reason: 'over the limit of lookups for one entry' })
        return
      }
      try {
        await visit(walk, await lookup(walk, next.domain), next, depth + 1)
      } catch (error) {
        if (isP2PError(error)) walk.nestedFailure ??= error.code
        walk.dropped.push({ entry: value, reason: isP2PError(error) ? error.message : String(error) })
      }
    }),
  )
}

/** What a `dnsaddr=` value is: an address to keep, a /dnsaddr/ entry to look up, or why it is dropped. */
function judge(
  value: string,
  target: Target,
): { kind: 'address' } | { kind: 'nested'; target: Target } | string {
  let components: ReturnType<ReturnType<typeof multiaddr>['getComponents']>
  try {
    components = multiaddr(value).getComponents()
  } catch {
    return 'not a multiaddr'
  }
  const last = components.at(-1)
  const peer = last?.name === 'p2p' ? last.value : undefined
  if (peer !== undefined && target.peer !== undefined && peer !== target.peer)
    return `for another peer than ${target.peer}`
  const first = components[0]
  if (first?.name === 'dnsaddr' && first.value !== undefined) {
    if (components.length > 2 || (components.length === 2 && peer === undefined)) {
      return 'after /dnsaddr/<domain> only /p2p/<id> may follow'
    }
    if (first.value === '' || first.value.length > MAX_DOMAIN_LENGTH) return 'not a domain name'
    // A nested entry that names its peer narrows what it gives to that peer.
    return { kind: 'nested', target: { domain: first.value, peer: peer ?? target.peer } }
  }
  if (peer === undefined) return 'does not end in /p2p/<id>'
  try {
    peerIdFromString(peer)
  } catch {
    return 'ends in /p2p/ with something that is not a peer id'
  }
  return { kind: 'address' }
}
