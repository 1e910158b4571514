import type { ConnectionGater, PeerId as Libp2pPeerId } from '@libp2p/interface'

/** Where the gater stopped a banned peer. */
export type Refusal = 'dial' | 'inbound' | 'outbound'

/**
 * Refuses banned peers at every point where libp2p knows who the peer is: before we dial it, and
 * right after the encryption handshake of a connection either way (the first moment an inbound
 * peer's identity is proven). Identify, gossipsub and the DHT never see a banned peer.
 *
 * An inbound refusal comes after the dialler's last handshake message, and noise negotiates the
 * muxer inside the handshake, so the banned dialler may see its dial succeed and the connection
 * close at once; our side never has a connection to it.
 */
export function banGater(
  isBanned: (peer: string) => boolean,
  refused: (peer: string, at: Refusal) => void = () => {},
): ConnectionGater {
  const gate =
    (at: Refusal) =>
    (peerId: Libp2pPeerId): boolean => {
      const peer = peerId.toString()
      if (!isBanned(peer)) return false
      refused(peer, at)
      return true
    }
  return {
    denyDialPeer: gate('dial'),
    denyInboundEncryptedConnection: gate('inbound'),
    denyOutboundEncryptedConnection: gate('outbound'),
  }
}
