/** Why a dial failed, as far as retry decisions care. */
export type DialFailure = 'no_good_addresses' | 'peer_id_mismatch' | 'denied' | 'other'

/**
 * Classifies a libp2p dial error. The reference matched go-libp2p's "no good addresses" and
 * "peer id mismatch" texts; js-libp2p reports the same situations with these error names.
 */
export function classifyDialFailure(error: unknown): DialFailure {
  const name = error instanceof Error ? error.name : ''
  const text = error instanceof Error ? error.message : String(error)
  if (name === 'NoValidAddressesError' || /no (good|valid) addresses/i.test(text)) return 'no_good_addresses'
  if (name === 'UnexpectedPeerError' || name === 'InvalidPeerIdError' || /peer id mismatch/i.test(text)) {
    return 'peer_id_mismatch'
  }
  // Our own connection gater said no: the peer is banned.
  if (name === 'DialDeniedError' || name === 'ConnectionInterceptedError') return 'denied'
  return 'other'
}

export interface DialPolicyDeps {
  /** Banned peers are never dialled, whatever the setting; the ban, not this policy, ends that. */
  readonly isBanned?: (peer: string) => boolean
}

export interface DialPolicyOptions {
  /** `p2p_optimise_retries` */
  readonly optimiseRetries: boolean
  /** Peers remembered as not worth a retry; 10,000 when left out. */
  readonly capacity?: number
}

/**
 * `p2p_optimise_retries`: a peer that failed for a reason a retry cannot fix is not dialled again
 * by discovery. Bounded so a flood of bogus provider records cannot grow it without limit; when
 * full, the oldest entry is forgotten (at worst it is dialled once more).
 */
export class DialPolicy {
  private readonly skipped = new Map<string, DialFailure>()

  private readonly isBanned: (peer: string) => boolean
  private readonly optimiseRetries: boolean
  private readonly capacity: number

  constructor(deps: DialPolicyDeps, options: DialPolicyOptions) {
    this.isBanned = deps.isBanned ?? (() => false)
    this.optimiseRetries = options.optimiseRetries
    this.capacity = options.capacity ?? 10_000
  }

  shouldDial(peer: string): boolean {
    return !this.skipped.has(peer) && !this.isBanned(peer)
  }

  /** Records a failed dial; returns whether the peer is now skipped. */
  failed(peer: string, error: unknown): boolean {
    const failure = classifyDialFailure(error)
    // A refusal by our gater ends with the ban; `shouldDial` already skips the peer until then.
    if (failure === 'denied') return this.isBanned(peer)
    if (!this.optimiseRetries || failure === 'other') return false
    if (this.skipped.size >= this.capacity) {
      const oldest = this.skipped.keys().next()
      if (oldest.done !== true) this.skipped.delete(oldest.value)
    }
    this.skipped.set(peer, failure)
    return true
  }

  get skippedCount(): number {
    return this.skipped.size
  }
}
