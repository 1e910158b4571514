import { join } from 'node:path'
import type { ConnectionGater } from '@libp2p/interface'
import { type Logger, LogLimiter, type Offence, type PeerId, type PeerReputation } from '@p2p/domain'
import type { NetworkConfig } from '../config/network-config.js'
import { errorText } from '../util/error-text.js'
import { AddressBans } from './address-bans.js'
import { DEFAULT_BAN_FILE_NAME, loadBanFile } from './ban-file.js'
import { BanFileWriter } from './ban-file-writer.js'
import { banGater } from './ban-gater.js'
import { loadBanJournal } from './ban-journal.js'
import { type BanRecord, BanScores } from './ban-scores.js'

/** A ban is logged at warn at most this often; the others at debug, and the next warn says how many. */
const BAN_WARN_EVERY_MS = 10_000
/** Addresses counted towards an address ban, or banned, at most. */
const MAX_TRACKED_ADDRESSES = 10_000

/** What the ban bookkeeping holds and has let go (diagnostics, tests). */
export interface BanStats {
  readonly bans: number
  readonly evictions: number
  readonly addressBans: number
  /** Connections closed because the address they came from was banned. */
  readonly addressHangUps: number
  readonly warningsHeldBack: number
}

export interface NetworkReputationDeps {
  readonly logger: Logger
  readonly now: () => number
}

/** The ban settings of the network config, and who we are. */
export interface NetworkReputationOptions
  extends Pick<
    NetworkConfig,
    | 'dataDir'
    | 'banThreshold'
    | 'banDurationMs'
    | 'banDecayPerMinute'
    | 'banMaxTrackedPeers'
    | 'banMaxBans'
    | 'banOffenceScores'
    | 'banAddressThreshold'
    | 'banAddressLoopback'
  > {
  /** Our own peer id: nothing the core reports can ban us from ourselves. */
  readonly self: PeerId
  /** How long a burst of bans is gathered into one write of the ban files (default 500 ms). */
  readonly writeDelayMs?: number
}

/**
 * The adapter's side of `PeerReputation`: ban scores, bans kept in `<dataDir>/bans.json`, and a
 * hook that cuts a peer off the moment it is banned. Works before start (bans are enforced by the
 * connection gater once the node runs) and never throws at the caller.
 */
export class NetworkReputation implements PeerReputation {
  private readonly scores: BanScores
  private readonly addresses: AddressBans
  private readonly writer: BanFileWriter | undefined
  private readonly warnings: LogLimiter
  private warningsHeldBack = 0
  private addressHangUps = 0
  private disconnect: ((peer: PeerId) => void) | undefined
  private addressesOf: ((peer: PeerId) => readonly string[]) | undefined
  private hangUpAddress: ((ip: string) => number) | undefined

  private readonly logger: Logger
  private readonly now: () => number

  constructor(
    deps: NetworkReputationDeps,
    private readonly options: NetworkReputationOptions,
  ) {
    const { logger, now } = deps
    this.logger = logger
    this.now = now
    this.writer =
      options.dataDir === undefined
        ? undefined
        : new BanFileWriter(
            { snapshot: () => this.scores.bans(), logger },
            { path: join(options.dataDir, DEFAULT_BAN_FILE_NAME), delayMs: options.writeDelayMs },
          )
    this.scores = new BanScores(
      { now, onBanAdded: (ban) => this.writer?.added(ban) },
      {
        threshold: options.banThreshold,
        durationMs: options.banDurationMs,
        decayPerMinute: options.banDecayPerMinute,
        maxTrackedPeers: options.banMaxTrackedPeers,
        maxBans: options.banMaxBans,
        offenceScores: options.banOffenceScores,
      },
    )
    this.addresses = new AddressBans(
      { now },
      {
        threshold: options.banAddressThreshold,
        durationMs: options.banDurationMs,
        maxAddresses: MAX_TRACKED_ADDRESSES,
        loopback: options.banAddressLoopback,
      },
    )
    this.warnings = new LogLimiter({ clock: { now } }, { intervalMs: BAN_WARN_EVERY_MS })
  }

  /** Restores the bans of earlier runs; then changes are written to the file. */
  async load(): Promise<void> {
    const writer = this.writer
    if (writer === undefined) return
    const now = this.now()
    const loaded = await loadBanFile(writer.path, now, this.logger)
    if (!loaded.ok) return
    const journal = await loadBanJournal(writer.journalPath, this.logger)
    const journalBans = journal.ok ? journal.bans : []
    const fromJournal = journalBans.filter((ban) => ban.until > now)
    const restored = this.scores.restore([...loaded.bans, ...fromJournal])
    const expired = loaded.expired + journalBans.length - fromJournal.length
    if (restored > 0 || expired > 0) {
      this.logger.info('restored peer bans', { path: writer.path, restored, expired })
    }
    // An unusable journal keeps the writer held: the ban file's bans are enforced, nothing is written.
    if (!journal.ok) return
    // The journal is folded into the ban file once per start, so it never outlives a run.
    if (journal.present) writer.compact()
    writer.open()
  }

  /** The connection gater that keeps banned peers out of libp2p. */
  gater(): ConnectionGater {
    // Debug only: a banned peer may keep knocking, and each attempt would be a line.
    return banGater(
      (peer) => this.scores.isBanned(peer),
      (peer, at) => this.logger.debug('refused a banned peer', { peer, at }),
      (ip) => this.addresses.isBanned(ip),
    )
  }

  /**
   * `disconnect` is called once for every peer banned from now on; undefined detaches all three.
   * `addressesOf` names the IP addresses a peer is connected from, for address bans.
   * `hangUpAddress` closes every connection from an address just banned and says how many.
   */
  onBan(
    disconnect: ((peer: PeerId) => void) | undefined,
    addressesOf?: (peer: PeerId) => readonly string[],
    hangUpAddress?: (ip: string) => number,
  ): void {
    this.disconnect = disconnect
    this.addressesOf = disconnect === undefined ? undefined : addressesOf
    this.hangUpAddress = disconnect === undefined ? undefined : hangUpAddress
  }

  penalize(peer: PeerId, offence: Offence, detail: string): void {
    try {
      if (peer === this.options.self) return
      const ban = this.scores.penalize(peer, offence, detail)
      if (ban === undefined) return
      // Asked before the hang-up, while the connections still say where the peer is.
      const ips = this.addressesOf?.(peer) ?? []
      const context = { peer, score: ban.score, reason: ban.reason, until: new Date(ban.until).toISOString() }
      const heldBack = this.warnings.admit()
      if (heldBack === undefined) {
        this.warningsHeldBack++
        this.logger.debug('banned a peer', context)
      } else {
        this.logger.warn('banned a peer', heldBack > 0 ? { ...context, heldBack } : context)
      }
      for (const ip of this.addresses.peerBanned(peer, ips)) {
        // Other identities from that host may be connected already; the gater only stops new ones.
        const connectionsClosed = this.hangUpAddressSafely(ip)
        this.addressHangUps += connectionsClosed
        // Rare by construction (several bans make one), so always at warn.
        this.logger.warn('banned an address that many banned peers came from', {
          ip,
          until: new Date(ban.until).toISOString(),
          threshold: this.options.banAddressThreshold,
          connectionsClosed,
        })
      }
      this.disconnect?.(peer)
    } catch (error) {
      // The port promises never to throw: a bookkeeping fault must not break message handling.
      this.logger.error('could not record a peer penalty', { peer, offence, error: errorText(error) })
    }
  }

  /** A failure here must not spare the banned peer its own hang-up. */
  private hangUpAddressSafely(ip: string): number {
    try {
      return this.hangUpAddress?.(ip) ?? 0
    } catch (error) {
      this.logger.error('could not hang up on a banned address', { ip, error: errorText(error) })
      return 0
    }
  }

  isBanned(peer: PeerId): boolean {
    return this.scores.isBanned(peer)
  }

  /** The current, decayed ban score (diagnostics). */
  score(peer: PeerId): number {
    return this.scores.score(peer)
  }

  bannedPeers(): BanRecord[] {
    return this.scores.bans()
  }

  /** Addresses banned now (diagnostics). */
  bannedAddresses(): Array<{ readonly ip: string; readonly until: number }> {
    return this.addresses.bans()
  }

  banStats(): BanStats {
    return {
      bans: this.scores.banCount,
      evictions: this.scores.evictions,
      addressBans: this.addresses.bans().length,
      addressHangUps: this.addressHangUps,
      warningsHeldBack: this.warningsHeldBack,
    }
  }

  /** Writes pending ban changes; later changes stay in memory only. */
  async close(): Promise<void> {
    this.onBan(undefined)
    await this.writer?.close()
  }
}
