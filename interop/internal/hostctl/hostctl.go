// Package hostctl holds the control requests and replies that the Go test peers answer alike
// from their libp2p host alone: the ready line's addresses, connecting, disconnecting, and the
// list of connected peers.
package hostctl

import (
	"context"
	"fmt"
	"sort"
	"time"

	"github.com/libp2p/go-libp2p/core/host"
	"github.com/libp2p/go-libp2p/core/network"
	"github.com/libp2p/go-libp2p/core/peer"
	"github.com/libp2p/go-libp2p/p2p/net/swarm"

	"github.com/teranode-p2p-ts/interop/internal/control"
)

// Ready is the part of the ready line every test peer sends.
type Ready struct {
	PeerID    string            `json:"peerId"`
	Addresses []string          `json:"addresses"`
	Topics    map[string]string `json:"topics"`
}

// NewReady describes h; topics maps the driver's kind names to topic names.
func NewReady(h host.Host, topics map[string]string) Ready {
	return Ready{PeerID: h.ID().String(), Addresses: DialAddrs(h), Topics: topics}
}

// DialAddrs are h's listen addresses with /p2p/<id>, ready to dial.
func DialAddrs(h host.Host) []string {
	out := []string{}
	for _, a := range h.Addrs() {
		out = append(out, a.String()+"/p2p/"+h.ID().String())
	}
	return out
}

// DialNow connects to info, waiting at most timeout. An explicit connect means "try now": a
// failure a moment ago (the peer was not up yet) must not come back as the swarm's dial-backoff
// error.
func DialNow(ctx context.Context, h host.Host, info peer.AddrInfo, timeout time.Duration) error {
	if sw, ok := h.Network().(*swarm.Swarm); ok {
		sw.Backoff().Clear(info.ID)
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	return h.Connect(ctx, info)
}

// Disconnect serves `disconnect {peerId}`: every connection to the peer is closed.
func Disconnect(h host.Host) control.Handler {
	return control.Typed(func(req struct {
		PeerID string `json:"peerId"`
	}) (any, error) {
		id, err := peer.Decode(req.PeerID)
		if err != nil {
			return nil, fmt.Errorf("peerId %q: %w", req.PeerID, err)
		}
		return nil, h.Network().ClosePeer(id)
	})
}

// ConnectedPeer is one entry of the `peers` reply.
type ConnectedPeer struct {
	ID        peer.ID  `json:"-"`
	PeerID    string   `json:"peerId"`
	Addresses []string `json:"addresses"`
	// Direction is that of the peer's first connection listed: a simultaneous dial can leave one
	// of each.
	Direction string `json:"direction"`
}

// ConnectedPeers lists h's connections by peer, sorted by id; never nil.
func ConnectedPeers(h host.Host) []ConnectedPeer {
	byPeer := map[peer.ID]*ConnectedPeer{}
	for _, c := range h.Network().Conns() {
		id := c.RemotePeer()
		entry, ok := byPeer[id]
		if !ok {
			direction := "outbound"
			if c.Stat().Direction == network.DirInbound {
				direction = "inbound"
			}
			entry = &ConnectedPeer{ID: id, PeerID: id.String(), Addresses: []string{}, Direction: direction}
			byPeer[id] = entry
		}
		entry.Addresses = append(entry.Addresses, c.RemoteMultiaddr().String())
	}
	out := make([]ConnectedPeer, 0, len(byPeer))
	for _, entry := range byPeer {
		out = append(out, *entry)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].PeerID < out[j].PeerID })
	return out
}
