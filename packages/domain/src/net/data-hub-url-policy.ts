import { classifyHost, type HostClass } from './address-class.js'

/** Why a data hub URL is refused: not an http(s) URL we can read unambiguously, or where it points. */
export type DataHubUrlProblem = 'unparseable' | 'not_http' | 'userinfo' | 'ambiguous' | HostClass

export type DataHubUrlCheck =
  | { readonly allowed: true; readonly host: HostClass }
  | { readonly allowed: false; readonly problem: DataHubUrlProblem }

export interface DataHubUrlPolicy {
  /** Let loopback, private, link-local, CGNAT and the like through (a private test network). */
  readonly allowPrivate: boolean
}

/** Where a URL may send our block validation: a public address, or a name (not resolved here). */
const FETCHABLE: ReadonlySet<HostClass> = new Set<HostClass>(['public', 'name'])

// The text between `//` and the first character that ends an authority for *every* parser.
const AUTHORITY = /^[a-z][a-z0-9+.-]*:\/\/([^/?#]*)/i

/**
 * Whether block validation may be sent to fetch from `url`: the guard against a peer making our
 * node request its own internals (SSRF). The host is judged in the form the WHATWG parser gives
 * it, which already turns `0x7f.1`, `2130706433`, `127.1`, `%31%32%37.0.0.1` and fullwidth
 * digits into `127.0.0.1`, and `[::ffff:127.0.0.1]` into `[::ffff:7f00:1]`. The peer's text is
 * what block validation receives, though, and other parsers read some texts differently, so
 * texts on which parsers are known to disagree (a backslash or an `@` in the authority) are
 * refused outright. A DNS name passes: the core does no I/O, so it cannot see where it resolves.
 */
export function checkDataHubUrl(url: string, policy: DataHubUrlPolicy): DataHubUrlCheck {
  if (!URL.canParse(url)) return { allowed: false, problem: 'unparseable' }
  const parsed = new URL(url)
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
    return { allowed: false, problem: 'not_http' }
  const authority = AUTHORITY.exec(url)?.[1]
  if (authority === undefined) return { allowed: false, problem: 'unparseable' }
  // WHATWG ends the authority at `\`, Go's net/url does not: `http://a.example\@10.0.0.1/`.
  if (authority.includes('\\')) return { allowed: false, problem: 'ambiguous' }
  // Credentials have no business in an announcement, and `@` is where parsers part ways.
  if (authority.includes('@') || parsed.username !== '' || parsed.password !== '') {
    return { allowed: false, problem: 'userinfo' }
  }
  const host = classifyHost(parsed.hostname)
  if (FETCHABLE.has(host) || policy.allowPrivate) return { allowed: true, host }
  return { allowed: false, problem: host }
}
