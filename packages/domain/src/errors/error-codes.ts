/**
 * Every failure the service reports carries one of these codes, so metrics have bounded label
 * sets and callers can switch on a closed union instead of matching message text.
 */
export const ERROR_CODES = [
  // payload shape
  'payload_too_large',
  'invalid_utf8',
  'invalid_json',
  'not_an_object',
  'invalid_field',
  'invalid_hash',
  'invalid_header',
  'invalid_key',
  'invalid_config',
  // payload meaning
  'peer_id_mismatch',
  'missing_data_hub_url',
  'unsolicited_reply',
  'own_message',
  // a kind the running wire profile does not carry (the teranode profile has no mining-on topic)
  'not_carried',
  // a data hub URL that would send block validation into our own network (SSRF)
  'forbidden_url',
  // hardening: input we refuse before judging it, or have already judged
  'banned',
  'rate_limited',
  'duplicate',
  // the same announcement from the same peer, again and again (the reference: past 50, spam)
  'repeated',
  // lifecycle and transport
  'not_started',
  'stopped',
  'send_failed',
  'unknown_peer',
  // upstream services
  'upstream_unavailable',
  'upstream_timeout',
  'upstream_failed',
  // back-pressure
  'queue_full',
  // shed while this node is overloaded (never the sender's fault)
  'overloaded',
  // anything we did not anticipate; always logged with context
  'internal',
] as const

export type ErrorCode = (typeof ERROR_CODES)[number]

const codeSet: ReadonlySet<string> = new Set(ERROR_CODES)

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && codeSet.has(value)
}
