package main

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"time"

	"github.com/libp2p/go-libp2p/core/crypto"
	"github.com/libp2p/go-libp2p/core/peer"
	"github.com/libp2p/go-libp2p/core/protocol"
	ma "github.com/multiformats/go-multiaddr"

	"github.com/teranode-p2p-ts/interop/internal/control"
	"github.com/teranode-p2p-ts/interop/internal/hostctl"
	"github.com/teranode-p2p-ts/interop/internal/mesh"
	"github.com/teranode-p2p-ts/interop/internal/teranode"
)

func (b *bus) Methods() control.Methods {
	return control.Methods{
		"connect":           control.Typed(b.connect),
		"disconnect":        hostctl.Disconnect(b.host),
		"peers":             b.peers,
		"topicPeers":        b.topicPeers,
		"waitForTopicPeers": b.waitForTopicPeers,
		"publish":           control.Typed(b.publish),
		"received":          b.received.Method(),
		"malformed":         control.Typed(b.malformedMethod),
		"logs":              control.Typed(b.logsMethod),
		"stats":             b.stats,
		"askAddrs":          control.Typed(b.askAddrs),
		"servedAddrRequests": func(json.RawMessage) (any, error) {
			return b.addrEx.servedRequests(), nil
		},
	}
}

type readyInfo struct {
	hostctl.Ready
	Name            string `json:"name"`
	ProtocolVersion string `json:"protocolVersion"`
}

func (b *bus) Ready() any {
	return readyInfo{Ready: hostctl.NewReady(b.host, b.names), Name: b.cfg.name, ProtocolVersion: b.cfg.protocolVersion}
}

// connect is the bus's Connect: one dial to a /p2p/ multiaddr, ourselves skipped.
func (b *bus) connect(req struct {
	Address string `json:"address"`
}) (any, error) {
	addr, err := ma.NewMultiaddr(req.Address)
	if err != nil {
		return nil, fmt.Errorf("invalid multiaddr %s: %w", req.Address, err)
	}
	info, err := peer.AddrInfoFromP2pAddr(addr)
	if err != nil {
		return nil, fmt.Errorf("invalid peer address %s: %w", req.Address, err)
	}
	if info.ID == b.host.ID() {
		return map[string]string{"peerId": info.ID.String()}, nil
	}
	if err := hostctl.DialNow(b.ctx, b.host, *info, 15*time.Second); err != nil {
		return nil, fmt.Errorf("failed to connect to peer %s: %w", info.ID, err)
	}
	b.log.Infof("Connected to static peer: %s", info.ID)
	return map[string]string{"peerId": info.ID.String()}, nil
}

type connectedPeer struct {
	hostctl.ConnectedPeer
	// What the peer said about itself in identify.
	AgentVersion    string   `json:"agentVersion,omitempty"`
	ProtocolVersion string   `json:"protocolVersion,omitempty"`
	Protocols       []string `json:"protocols,omitempty"`
	// Name is the last envelope name the peer used, "unknown" before its first message.
	Name string `json:"name"`
}

func (b *bus) peers(json.RawMessage) (any, error) {
	ps := b.host.Peerstore()
	out := []connectedPeer{}
	for _, c := range hostctl.ConnectedPeers(b.host) {
		cp := connectedPeer{ConnectedPeer: c, Name: b.authors.name(c.ID)}
		if v, err := ps.Get(c.ID, "AgentVersion"); err == nil {
			cp.AgentVersion, _ = v.(string)
		}
		if v, err := ps.Get(c.ID, "ProtocolVersion"); err == nil {
			cp.ProtocolVersion, _ = v.(string)
		}
		if protos, err := ps.GetProtocols(c.ID); err == nil {
			for _, p := range protos {
				cp.Protocols = append(cp.Protocols, string(p))
			}
			sort.Strings(cp.Protocols)
		}
		out = append(out, cp)
	}
	return out, nil
}

// topicPeers reports, per kind, the topic peers, our mesh, and the direct peers on the topic.
// Direct peers (static and bootstrap peers while scoring is on) are never grafted: gossipsub
// sends them everything outside the mesh and answers their GRAFT with a PRUNE.
func (b *bus) topicPeers(json.RawMessage) (any, error) {
	peers := map[string][]string{}
	meshes := map[string][]string{}
	direct := map[string][]string{}
	for _, k := range kinds {
		listed := b.ps.ListPeers(b.names[k])
		var d []peer.ID
		for _, id := range listed {
			if b.isDirect(id) {
				d = append(d, id)
			}
		}
		peers[k], direct[k] = mesh.IDs(listed), mesh.IDs(d)
		meshes[k] = b.mesh.Peers(b.names[k])
	}
	return map[string]any{"peers": peers, "mesh": meshes, "direct": direct}, nil
}

func (b *bus) isDirect(id peer.ID) bool {
	if !b.cfg.peerScoring {
		return false
	}
	for _, ai := range b.directPeers() {
		if ai.ID == id {
			return true
		}
	}
	return false
}

// reach counts the peers a publication on the topic goes to at once: mesh peers and direct
// topic peers.
func (b *bus) reach(name string) int {
	seen := map[string]bool{}
	for _, id := range b.mesh.Peers(name) {
		seen[id] = true
	}
	for _, id := range b.ps.ListPeers(name) {
		if b.isDirect(id) {
			seen[id.String()] = true
		}
	}
	return len(seen)
}

// waitForTopicPeers waits until every kind named (all four by default) has at least count
// topic peers, or with mesh: true peers a publication reaches at once (mesh or direct).
// Publishing before that can lose a message for good, as on the real network.
func (b *bus) waitForTopicPeers(params json.RawMessage) (any, error) {
	req := struct {
		Kinds     []string `json:"kinds"`
		Count     int      `json:"count"`
		Mesh      bool     `json:"mesh"`
		TimeoutMs float64  `json:"timeoutMs"`
	}{Count: 1, TimeoutMs: 30_000}
	if err := control.Decode(params, &req); err != nil {
		return nil, err
	}
	if len(req.Kinds) == 0 {
		req.Kinds = kinds
	}
	for _, k := range req.Kinds {
		if _, ok := b.names[k]; !ok {
			return nil, fmt.Errorf("unknown kind %q", k)
		}
	}
	err := mesh.Await(b.ctx, req.TimeoutMs, func() string {
		for _, k := range req.Kinds {
			n := len(b.ps.ListPeers(b.names[k]))
			if req.Mesh {
				n = b.reach(b.names[k])
			}
			if n < req.Count {
				return fmt.Sprintf("%d of %d peers on %s", n, req.Count, b.names[k])
			}
		}
		return ""
	})
	if err != nil {
		return nil, err
	}
	return true, nil
}

// publishRequest says what to send on the kind's topic, most specific first:
//   - raw: these exact gossip bytes, no envelope (to feed a receiver malformed data);
//   - inner: these inner bytes, wrapped in the envelope as the bus does;
//   - message: fields of the kind's Go struct; PeerID/ClientName (peer_id/client_name) default to
//     ours, so {} is a valid announcement; Go encodes it as a Teranode node would.
//
// spoofPeerId replaces the inner peer id after that: a peer id string, or true for a fresh one.
// name overrides the envelope name for this message only.
type publishRequest struct {
	Kind        string          `json:"kind"`
	Message     json.RawMessage `json:"message"`
	Inner       []byte          `json:"inner"`
	Raw         []byte          `json:"raw"`
	Name        *string         `json:"name"`
	SpoofPeerID json.RawMessage `json:"spoofPeerId"`
}

type publishResult struct {
	Topic    string `json:"topic"`
	Envelope []byte `json:"envelope"`
	Inner    []byte `json:"inner,omitempty"`
	PeerID   string `json:"peerId,omitempty"`
}

func (b *bus) publish(req publishRequest) (any, error) {
	topic, ok := b.topics[req.Kind]
	if !ok {
		return nil, fmt.Errorf("unknown kind %q (want one of %v)", req.Kind, kinds)
	}
	res := publishResult{Topic: b.names[req.Kind]}
	if req.Raw != nil {
		res.Envelope = req.Raw
	} else {
		inner, innerPeerID, err := b.innerBytes(req)
		if err != nil {
			return nil, err
		}
		name := b.cfg.name
		if req.Name != nil {
			name = *req.Name
		}
		env, err := json.Marshal(teranode.Envelope{Name: name, Data: inner})
		if err != nil {
			return nil, err
		}
		res.Envelope, res.Inner, res.PeerID = env, inner, innerPeerID
	}
	ctx, cancel := context.WithTimeout(b.ctx, 10*time.Second)
	defer cancel()
	if err := topic.Publish(ctx, res.Envelope); err != nil {
		return nil, err
	}
	return res, nil
}

func (b *bus) innerBytes(req publishRequest) ([]byte, string, error) {
	spoof, err := b.spoofedID(req.SpoofPeerID)
	if err != nil {
		return nil, "", err
	}
	if req.Inner != nil {
		if spoof != "" {
			return nil, "", errors.New("spoofPeerId needs message, not inner bytes")
		}
		return req.Inner, "", nil
	}
	msg, err := newInner(req.Kind)
	if err != nil {
		return nil, "", err
	}
	if len(req.Message) > 0 && string(req.Message) != "null" {
		if err := json.Unmarshal(req.Message, msg); err != nil {
			return nil, "", fmt.Errorf("message: %w", err)
		}
	}
	setIdentity(msg, b.host.ID().String(), b.cfg.name)
	id := b.host.ID().String()
	if spoof != "" {
		forcePeerID(msg, spoof)
		id = spoof
	}
	inner, err := json.Marshal(msg)
	return inner, id, err
}

// spoofedID reads spoofPeerId: absent or false for none, true for a freshly generated id, or a
// peer id string.
func (b *bus) spoofedID(raw json.RawMessage) (string, error) {
	if len(raw) == 0 || string(raw) == "null" || string(raw) == "false" {
		return "", nil
	}
	if string(raw) == "true" {
		_, pub, err := crypto.GenerateEd25519Key(rand.Reader)
		if err != nil {
			return "", err
		}
		id, err := peer.IDFromPublicKey(pub)
		return id.String(), err
	}
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		return "", fmt.Errorf("spoofPeerId: want true or a peer id string: %w", err)
	}
	return s, nil
}

func (b *bus) malformedMethod(req struct {
	Since uint64 `json:"since"`
}) (any, error) {
	return b.malformed.Since(req.Since, ""), nil
}

// logsMethod returns the kept log lines: warnings, errors, and the malformed-message lines.
func (b *bus) logsMethod(req struct {
	Since     uint64 `json:"since"`
	Malformed bool   `json:"malformed"`
}) (any, error) {
	return b.log.since(req.Since, req.Malformed), nil
}

func (b *bus) stats(json.RawMessage) (any, error) {
	received := b.received.Stats()
	return map[string]any{
		"received":  received.Received,
		"dropped":   received.Dropped,
		"malformed": b.malformed.Added(),
	}, nil
}

// askAddrs sends one address request to a connected peer, so a test can check our node's
// responder; protocol narrows the offer to one version.
func (b *bus) askAddrs(req struct {
	PeerID   string `json:"peerId"`
	Target   string `json:"target"`
	Protocol string `json:"protocol"`
}) (any, error) {
	via, err := peer.Decode(req.PeerID)
	if err != nil {
		return nil, fmt.Errorf("peerId %q: %w", req.PeerID, err)
	}
	target, err := peer.Decode(req.Target)
	if err != nil {
		return nil, fmt.Errorf("target %q: %w", req.Target, err)
	}
	var protos []protocol.ID
	if req.Protocol != "" {
		protos = []protocol.ID{protocol.ID(req.Protocol)}
	}
	ctx, cancel := context.WithTimeout(b.ctx, addrStreamTimeout)
	defer cancel()
	return b.addrEx.ask(ctx, via, target, protos...)
}
