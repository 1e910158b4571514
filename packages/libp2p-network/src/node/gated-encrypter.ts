import type { ConnectionEncrypter } from '@libp2p/interface'

type EncrypterFactory<C> = (components: C) => ConnectionEncrypter<unknown>

/**
 * Wraps noise so that, as the responder, it does not offer stream muxers inside the handshake.
 *
 * We learn who dialled us only from the dialler's last handshake message, and our connection
 * gater refuses banned peers right after it. With the muxer agreed inside the handshake the
 * dialler is done by then: its dial succeeds and the connection dies a moment later. Without it,
 * the dialler must still agree a muxer with us, we hang up instead of answering, and its dial
 * fails, so a banned peer is told plainly. The price is one round trip on inbound connections,
 * which are rare in a network of a handful of long-lived peers. Outbound dials still use the
 * handshake's muxer when the remote offers one.
 */
export function withMuxerAfterGater<C>(factory: EncrypterFactory<C>): EncrypterFactory<C> {
  return (components) => {
    const inner = factory(components)
    return {
      protocol: inner.protocol,
      secureOutbound: (connection, options) => inner.secureOutbound(connection, options),
      secureInbound: (connection, options) =>
        inner.secureInbound(connection, { ...options, skipStreamMuxerNegotiation: true }),
    }
  }
}
