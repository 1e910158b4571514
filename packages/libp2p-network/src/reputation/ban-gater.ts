import type { ConnectionGater, PeerId as Libp2pPeerId, MultiaddrConnection } from '@libp2p/interface'
import type { Multiaddr } from '@multiformats/multiaddr'
import { ipOf } from './address-bans.js'

/** Where the gater stopped a banned peer or address. */
export type Refusal =
  | 'dial'
  | 'inbound'
  | 'outbound'
  | 'address-dial'
  | 'address-inbound'
  | 'address-upgraded'

/**
 * Refuses banned peers at every point where libp2p knows who the peer is: before we dial it, and
 * right after the encryption handshake of a connection either way (the first moment an inbound
 * peer's identity is proven). Identify, gossipsub and the DHT never see a banned peer.
 *
 * An inbound refusal comes after the dialler's last handshake message, and noise negotiates the
 * muxer inside the handshake, so the banned dialler may see its dial succeed and the connection
 * close at once; our side never has a connection to it.
 *
 * A banned IP address (see `AddressBans`) is refused earlier, as soon as its socket is accepted
 * and before any handshake, whatever peer id it would claim; we do not dial it either. It is
 * asked again once a connection is upgraded, the last gate before libp2p lists it: a connection
 * whose handshake was under way when its address was banned is missed by the hang-up (not listed
 * yet) and stopped here instead.
 */
export function banGater(
  isBanned: (peer: string) => boolean,
  refused: (peer: string, at: Refusal) => void = () => {},
  isAddressBanned: (ip: string) => boolean = () => false,
): ConnectionGater {
  const gate =
    (at: Refusal) =>
    (peerId: Libp2pPeerId): boolean => {
      const peer = peerId.toString()
      if (!isBanned(peer)) return false
      refused(peer, at)
      return true
    }
  const gateAddress =
    (at: Refusal) =>
    (address: Multiaddr): boolean => {
      const ip = ipOf(address)
      if (ip === undefined || !isAddressBanned(ip)) return false
      refused(ip, at)
      return true
    }
  const inbound = gateAddress('address-inbound')
  const upgraded = gateAddress('address-upgraded')
  const upgradedFrom = (_peer: Libp2pPeerId, connection: MultiaddrConnection) =>
    upgraded(connection.remoteAddr)
  return {
    denyDialPeer: gate('dial'),
    denyDialMultiaddr: gateAddress('address-dial'),
    denyInboundConnection: (connection: MultiaddrConnection) => inbound(connection.remoteAddr),
    denyInboundEncryptedConnection: gate('inbound'),
    denyOutboundEncryptedConnection: gate('outbound'),
    denyInboundUpgradedConnection: upgradedFrom,
    denyOutboundUpgradedConnection: upgradedFrom,
  }
}
