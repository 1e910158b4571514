package main

import (
	"context"
	"log"
	"os"
	"sync"

	dht "github.com/libp2p/go-libp2p-kad-dht"
	pubsub "github.com/libp2p/go-libp2p-pubsub"
	"github.com/libp2p/go-libp2p/core/host"
	"github.com/libp2p/go-libp2p/core/protocol"

	"github.com/teranode-p2p-ts/interop/internal/wire"
)

// genesisHash is the BSV genesis block in display order: a best block any reference node could
// plausibly announce before a test sets one.
const genesisHash = "000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f"

type refPeer struct {
	cfg  config
	host host.Host
	ps   *pubsub.PubSub
	mesh *meshTracer
	dht  *dht.IpfsDHT // nil with -dht=false
	// topics and names are keyed by kind and never change after start.
	topics   map[string]*pubsub.Topic
	names    map[string]string
	received *receivedLog
	bench    *benchState
	log      *log.Logger

	bestMu sync.Mutex
	best   wire.BlockMessage

	ctx       context.Context
	cancel    context.CancelFunc
	closeOnce sync.Once
}

func startRefPeer(cfg config) (*refPeer, error) {
	h, err := newHost(cfg)
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithCancel(context.Background())
	p := &refPeer{
		cfg:      cfg,
		host:     h,
		mesh:     newMeshTracer(),
		topics:   map[string]*pubsub.Topic{},
		names:    map[string]string{},
		received: newReceivedLog(cfg.recordLimit),
		bench:    newBenchState(),
		log:      log.New(os.Stderr, logPrefix(h.ID().String()), log.Ltime|log.Lmicroseconds),
		best:     wire.BlockMessage{Hash: genesisHash, Height: 0, DataHubUrl: cfg.dataHubURL},
		ctx:      ctx,
		cancel:   cancel,
	}
	h.Network().Notify(connectionLogger(p.log))
	h.SetStreamHandler(protocol.ID(cfg.directProtocol), p.serveDirect)
	if err := p.startGossip(); err != nil {
		p.close()
		return nil, err
	}
	if cfg.dht {
		if err := p.startDHT(); err != nil {
			p.close()
			return nil, err
		}
	}
	go p.connectThenDiscover()
	return p, nil
}

func (p *refPeer) close() {
	p.closeOnce.Do(func() {
		p.cancel()
		if p.dht != nil {
			_ = p.dht.Close()
		}
		_ = p.host.Close()
	})
}

type readyInfo struct {
	PeerID    string            `json:"peerId"`
	Addresses []string          `json:"addresses"`
	Topics    map[string]string `json:"topics"`
}

func (p *refPeer) ready() readyInfo {
	return readyInfo{PeerID: p.host.ID().String(), Addresses: p.addresses(), Topics: p.names}
}

// addresses are the listen addresses with /p2p/<id>, ready to dial.
func (p *refPeer) addresses() []string {
	out := []string{}
	for _, a := range p.host.Addrs() {
		out = append(out, a.String()+"/p2p/"+p.host.ID().String())
	}
	return out
}

// logPrefix tells the peers of one test apart in a shared log by the tail of their id.
func logPrefix(id string) string {
	return "refpeer " + id[max(0, len(id)-6):] + " "
}
