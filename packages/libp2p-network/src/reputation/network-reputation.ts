import { join } from 'node:path'
import type { ConnectionGater } from '@libp2p/interface'
import type { Logger, Offence, PeerId, PeerReputation } from '@p2p/domain'
import type { NetworkConfig } from '../config/network-config.js'
import { errorText } from '../util/error-text.js'
import { DEFAULT_BAN_FILE_NAME, loadBanFile } from './ban-file.js'
import { BanFileWriter } from './ban-file-writer.js'
import { banGater } from './ban-gater.js'
import { type BanRecord, BanScores } from './ban-scores.js'

export interface NetworkReputationOptions {
  readonly config: NetworkConfig
  /** Our own peer id: nothing the core reports can ban us from ourselves. */
  readonly self: PeerId
  readonly logger: Logger
  readonly now: () => number
}

/**
 * The adapter's side of `PeerReputation`: ban scores, bans kept in `<dataDir>/bans.json`, and a
 * hook that cuts a peer off the moment it is banned. Works before start (bans are enforced by the
 * connection gater once the node runs) and never throws at the caller.
 */
export class NetworkReputation implements PeerReputation {
  private readonly scores: BanScores
  private readonly writer: BanFileWriter | undefined
  private disconnect: ((peer: PeerId) => void) | undefined

  constructor(private readonly options: NetworkReputationOptions) {
    const { config } = options
    this.writer =
      config.dataDir === undefined
        ? undefined
        : new BanFileWriter(
            join(config.dataDir, DEFAULT_BAN_FILE_NAME),
            () => this.scores.bans(),
            options.logger,
          )
    this.scores = new BanScores({
      threshold: config.banThreshold,
      durationMs: config.banDurationMs,
      decayPerMinute: config.banDecayPerMinute,
      maxTrackedPeers: config.banMaxTrackedPeers,
      offenceScores: config.banOffenceScores,
      now: options.now,
      onBansChanged: () => this.writer?.changed(),
    })
  }

  /** Restores the bans of earlier runs; then changes are written to the file. */
  async load(): Promise<void> {
    const writer = this.writer
    if (writer === undefined) return
    const loaded = await loadBanFile(writer.path, this.options.now(), this.options.logger)
    if (!loaded.ok) return
    const restored = this.scores.restore(loaded.bans)
    if (restored > 0 || loaded.expired > 0) {
      this.options.logger.info('restored peer bans', { path: writer.path, restored, expired: loaded.expired })
    }
    writer.open()
  }

  /** The connection gater that keeps banned peers out of libp2p. */
  gater(): ConnectionGater {
    // Debug only: a banned peer may keep knocking, and each attempt would be a line.
    return banGater(
      (peer) => this.scores.isBanned(peer),
      (peer, at) => this.options.logger.debug('refused a banned peer', { peer, at }),
    )
  }

  /** `disconnect` is called once for every peer banned from now on; undefined detaches. */
  onBan(disconnect: ((peer: PeerId) => void) | undefined): void {
    this.disconnect = disconnect
  }

  penalize(peer: PeerId, offence: Offence, detail: string): void {
    try {
      if (peer === this.options.self) return
      const ban = this.scores.penalize(peer, offence, detail)
      if (ban === undefined) return
      this.options.logger.warn('banned a peer', {
        peer,
        score: ban.score,
        reason: ban.reason,
        until: new Date(ban.until).toISOString(),
      })
      this.disconnect?.(peer)
    } catch (error) {
      // The port promises never to throw: a bookkeeping fault must not break message handling.
      this.options.logger.error('could not record a peer penalty', { peer, offence, error: errorText(error) })
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

  /** Writes pending ban changes; later changes stay in memory only. */
  async close(): Promise<void> {
    this.disconnect = undefined
    await this.writer?.close()
  }
}
