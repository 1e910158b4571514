package main

import (
	"github.com/libp2p/go-libp2p"
	"github.com/libp2p/go-libp2p/core/host"
	"github.com/libp2p/go-libp2p/core/pnet"
	"github.com/libp2p/go-libp2p/p2p/muxer/yamux"
	"github.com/libp2p/go-libp2p/p2p/security/noise"
	"github.com/libp2p/go-libp2p/p2p/transport/tcp"
)

// newHost builds the spec-era stack: TCP, the optional PSK protector under Noise, yamux.
// Transports, security and muxer are named explicitly so that go-libp2p adds none of its
// defaults (QUIC, WebTransport, WebRTC, TLS): a TS peer meets exactly what the reference offered.
// The relay transport is off too: it only serves /p2p-circuit addresses, which nobody here has.
func newHost(cfg config) (host.Host, error) {
	opts := []libp2p.Option{
		libp2p.Identity(cfg.key),
		libp2p.ListenAddrStrings(cfg.listen...),
		libp2p.Transport(tcp.NewTCPTransport),
		libp2p.Security(noise.ID, noise.New),
		libp2p.Muxer(yamux.ID, yamux.DefaultTransport),
		libp2p.DisableRelay(),
	}
	if cfg.psk != nil {
		opts = append(opts, libp2p.PrivateNetwork(pnet.PSK(cfg.psk)))
	}
	return libp2p.New(opts...)
}
