package main

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"time"

	"github.com/libp2p/go-libp2p/core/network"
	"github.com/libp2p/go-libp2p/core/peer"
	"github.com/libp2p/go-libp2p/core/protocol"

	"github.com/teranode-p2p-ts/interop/internal/wire"
)

// The direct stream has no framing: the reader reads to the end. These bound what one peer can
// make us hold or wait for.
const (
	directMaxBytes = 1 << 20
	directDeadline = 10 * time.Second
)

func (p *refPeer) serveDirect(s network.Stream) {
	defer func() { _ = s.Close() }()
	_ = s.SetReadDeadline(time.Now().Add(directDeadline))
	data, err := io.ReadAll(io.LimitReader(s, directMaxBytes+1))
	from := s.Conn().RemotePeer()
	if err != nil {
		p.log.Printf("direct stream from %s: %v", from, err)
		_ = s.Reset()
		return
	}
	if len(data) > directMaxBytes {
		p.log.Printf("direct stream from %s: over %d bytes, dropped", from, directMaxBytes)
		_ = s.Reset()
		return
	}
	p.keep(wire.KindDirect, p.cfg.directProtocol, from.String(), data)
}

// answerBestBlock sends our best block to the peer a best-block request names. Like the
// reference, it trusts the PeerId in the payload rather than the message's author, and drops a
// request whose PeerId is not a peer id.
func (p *refPeer) answerBestBlock(request []byte) {
	var req wire.BestBlockMessage
	if err := json.Unmarshal(request, &req); err != nil {
		p.log.Printf("best-block request: %v", err)
		return
	}
	target, err := peer.Decode(req.PeerId)
	if err != nil {
		p.log.Printf("best-block request names no peer (%q): %v", req.PeerId, err)
		return
	}
	if target == p.host.ID() {
		return
	}
	p.bestMu.Lock()
	best := p.best
	p.bestMu.Unlock()
	reply, err := json.Marshal(best)
	if err != nil {
		p.log.Printf("best block: %v", err)
		return
	}
	if err := p.sendDirect(target, reply); err != nil {
		p.log.Printf("best block to %s: %v", target, err)
	}
}

func (p *refPeer) sendDirect(target peer.ID, data []byte) error {
	if target == p.host.ID() {
		return errors.New("cannot open a stream to ourselves")
	}
	ctx, cancel := context.WithTimeout(p.ctx, directDeadline)
	defer cancel()
	s, err := p.host.NewStream(ctx, target, protocol.ID(p.cfg.directProtocol))
	if err != nil {
		return err
	}
	_ = s.SetWriteDeadline(time.Now().Add(directDeadline))
	if _, err := s.Write(data); err != nil {
		_ = s.Reset()
		return err
	}
	return s.Close()
}
