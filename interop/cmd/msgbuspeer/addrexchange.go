package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"github.com/libp2p/go-libp2p/core/network"
	"github.com/libp2p/go-libp2p/core/peer"
	"github.com/libp2p/go-libp2p/core/peerstore"
	"github.com/libp2p/go-libp2p/core/protocol"
	ma "github.com/multiformats/go-multiaddr"
)

// The bus's address exchange. Both versions carry the same bytes: the requester writes the
// target's peer id as its base58 text (no JSON, no length prefix, no newline); the responder
// answers with a JSON array of multiaddr strings and closes. 1.1.0 adds only the requester's
// half-close, so the responder can read to EOF; 1.0.0 responders take one read as the request.
const (
	addrProtocolV1 = "/p2p-msg-bus/peer-addr-request/1.0.0"
	addrProtocolV2 = "/p2p-msg-bus/peer-addr-request/1.1.0"

	addrStreamTimeout  = 10 * time.Second
	maxAddrRequest     = 128
	minPeerIDBytes     = 34 // a sha256 multihash; shorter decodes are prefixes, not peers
	maxSharedAddrs     = 32
	maxAddrReply       = 8 * 1024
	addrRetryAfter     = 5 * time.Minute
	addrRequestWindow  = time.Minute
	addrRequestsPerWin = 512
)

type addrExchange struct {
	b *bus

	mu      sync.Mutex
	windows map[peer.ID]addrWindow
	served  []servedRequest
}

type addrWindow struct {
	start time.Time
	count int
}

// servedRequest is what we answered, so a test can check our node's requests arrive well formed.
type servedRequest struct {
	From     string   `json:"from"`
	Protocol string   `json:"protocol"`
	Target   string   `json:"target,omitempty"`
	Reply    []string `json:"reply,omitempty"`
	Error    string   `json:"error,omitempty"`
	AtMs     int64    `json:"atMs"`
}

func newAddrExchange(b *bus) *addrExchange {
	return &addrExchange{b: b, windows: map[peer.ID]addrWindow{}}
}

// allow applies the per-peer budget of inbound requests (512 a minute; excess streams reset).
func (x *addrExchange) allow(id peer.ID, now time.Time) bool {
	x.mu.Lock()
	defer x.mu.Unlock()
	for p, w := range x.windows {
		if now.Sub(w.start) >= addrRequestWindow {
			delete(x.windows, p)
		}
	}
	w := x.windows[id]
	if w.count == 0 {
		w.start = now
	}
	w.count++
	x.windows[id] = w
	return w.count <= addrRequestsPerWin
}

func (x *addrExchange) serve(s network.Stream) {
	remote := s.Conn().RemotePeer()
	rec := servedRequest{From: remote.String(), Protocol: string(s.Protocol()), AtMs: time.Now().UnixMilli()}
	defer func() {
		x.mu.Lock()
		x.served = append(x.served, rec)
		x.mu.Unlock()
	}()
	if !x.allow(remote, time.Now()) {
		rec.Error = "rate limited"
		_ = s.Reset()
		return
	}
	target, reply, err := x.answer(s)
	if target != "" {
		rec.Target = target.String()
	}
	rec.Reply = reply
	if err != nil {
		rec.Error = err.Error()
		x.b.log.Debugf("Rejected peer address request from %s: %v", trimID(remote.String()), err)
		_ = s.Reset()
		return
	}
	_ = s.Close()
}

func (x *addrExchange) answer(s network.Stream) (peer.ID, []string, error) {
	if err := s.SetDeadline(time.Now().Add(addrStreamTimeout)); err != nil {
		return "", nil, err
	}
	var raw []byte
	var err error
	if s.Protocol() == addrProtocolV2 {
		raw, err = io.ReadAll(io.LimitReader(s, maxAddrRequest+1))
	} else {
		// 1.0.0 has no framing at all: the request is whatever the first read returns.
		buf := make([]byte, maxAddrRequest+1)
		var n int
		n, err = s.Read(buf)
		if errors.Is(err, io.EOF) {
			err = nil
		}
		raw = buf[:n]
	}
	if err != nil {
		return "", nil, err
	}
	if len(raw) > maxAddrRequest {
		return "", nil, errors.New("peer address request exceeds size limit")
	}
	target, err := peer.Decode(string(raw))
	if err != nil || len(target) < minPeerIDBytes {
		return "", nil, fmt.Errorf("peer address request is not a valid peer ID (%d bytes)", len(raw))
	}
	addrs := x.directAddrs(target)
	reply, err := json.Marshal(addrs)
	if err != nil {
		return target, nil, err
	}
	if _, err := s.Write(reply); err != nil {
		return target, addrs, err
	}
	return target, addrs, nil
}

// directAddrs is never nil, so an unknown peer gets `[]`, not `null`.
func (x *addrExchange) directAddrs(id peer.ID) []string {
	out := []string{}
	for _, a := range x.b.host.Peerstore().Addrs(id) {
		if len(out) == maxSharedAddrs {
			break
		}
		if s := a.String(); !strings.Contains(s, "/p2p-circuit") {
			out = append(out, s)
		}
	}
	return out
}

// addrAnswer is what one request to one neighbour gave.
type addrAnswer struct {
	Protocol string   `json:"protocol"`
	Raw      []byte   `json:"raw"`
	Addrs    []string `json:"addrs"`
}

// ask sends one request to via for target, offering 1.1.0 then 1.0.0 unless protocols narrows it.
func (x *addrExchange) ask(ctx context.Context, via, target peer.ID, protocols ...protocol.ID) (addrAnswer, error) {
	if len(protocols) == 0 {
		protocols = []protocol.ID{addrProtocolV2, addrProtocolV1}
	}
	s, err := x.b.host.NewStream(ctx, via, protocols...)
	if err != nil {
		return addrAnswer{}, err
	}
	ans, err := exchange(s, target)
	if err != nil {
		_ = s.Reset()
		return addrAnswer{}, err
	}
	_ = s.Close()
	return ans, nil
}

func exchange(s network.Stream, target peer.ID) (addrAnswer, error) {
	ans := addrAnswer{Protocol: string(s.Protocol())}
	if err := s.SetDeadline(time.Now().Add(addrStreamTimeout)); err != nil {
		return ans, err
	}
	if _, err := s.Write([]byte(target.String())); err != nil {
		return ans, fmt.Errorf("write request: %w", err)
	}
	if err := s.CloseWrite(); err != nil {
		return ans, fmt.Errorf("close write: %w", err)
	}
	raw, err := io.ReadAll(io.LimitReader(s, maxAddrReply+1))
	if err != nil {
		return ans, fmt.Errorf("read response: %w", err)
	}
	if len(raw) > maxAddrReply {
		return ans, errors.New("peer address response exceeds size limit")
	}
	ans.Raw = raw
	if err := json.Unmarshal(raw, &ans.Addrs); err != nil {
		return ans, fmt.Errorf("parse response: %w", err)
	}
	return ans, nil
}

// loop is what a DHT-off bus node runs: every interval, for each topic author we are not
// connected to (and have not asked about within five minutes), ask each neighbour in turn until
// one knows addresses, store up to 32 of them and dial.
func (x *addrExchange) loop(interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	asked := map[peer.ID]time.Time{}
	for {
		select {
		case <-x.b.ctx.Done():
			return
		case now := <-t.C:
			for _, target := range x.b.authors.topicPeers() {
				if x.b.host.Network().Connectedness(target) == network.Connected {
					continue
				}
				if last, ok := asked[target]; ok && now.Sub(last) < addrRetryAfter {
					continue
				}
				asked[target] = now
				go x.lookup(target)
			}
		}
	}
}

func (x *addrExchange) lookup(target peer.ID) {
	for _, via := range x.b.host.Network().Peers() {
		if x.b.ctx.Err() != nil {
			return
		}
		ans, err := x.ask(x.b.ctx, via, target)
		if err != nil || len(ans.Addrs) == 0 {
			continue
		}
		var addrs []ma.Multiaddr
		for _, s := range ans.Addrs[:min(len(ans.Addrs), maxSharedAddrs)] {
			if a, err := ma.NewMultiaddr(s); err == nil {
				addrs = append(addrs, a)
			}
		}
		x.b.host.Peerstore().AddAddrs(target, addrs, peerstore.PermanentAddrTTL)
		x.b.log.Infof("Peer %s shared %d addresses for %s", trimID(via.String()), len(ans.Addrs), x.b.authors.name(target))
		if err := x.b.host.Connect(x.b.ctx, peer.AddrInfo{ID: target, Addrs: addrs}); err == nil {
			x.b.log.Infof("Established direct connection to topic peer %s (%s)", x.b.authors.name(target), trimID(target.String()))
		}
		return
	}
}

func (x *addrExchange) servedRequests() []servedRequest {
	x.mu.Lock()
	defer x.mu.Unlock()
	return append([]servedRequest{}, x.served...)
}
