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

	"github.com/teranode-p2p-ts/interop/internal/hostctl"
	"github.com/teranode-p2p-ts/interop/internal/mesh"
	"github.com/teranode-p2p-ts/interop/internal/peermain"
	"github.com/teranode-p2p-ts/interop/internal/records"
	"github.com/teranode-p2p-ts/interop/internal/wire"
)

// genesisHash is the BSV genesis block in display order: a best block any reference node could
// plausibly announce before a test sets one.
const genesisHash = "000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f"

type refPeer struct {
	cfg  config
	host host.Host
	ps   *pubsub.PubSub
	mesh *mesh.Tracer
	dht  *dht.IpfsDHT // nil with -dht=false
	// topics and names are keyed by kind and never change after start.
	topics   map[string]*pubsub.Topic
	names    map[string]string
	received *records.Log[record]
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
		mesh:     mesh.NewTracer(),
		topics:   map[string]*pubsub.Topic{},
		names:    map[string]string{},
		received: newReceivedLog(cfg.recordLimit),
		bench:    newBenchState(),
		log:      log.New(os.Stderr, peermain.LogPrefix("refpeer", h.ID().String()), log.Ltime|log.Lmicroseconds),
		best:     wire.BlockMessage{Hash: genesisHash, Height: 0, DataHubUrl: cfg.dataHubURL},
		ctx:      ctx,
		cancel:   cancel,
	}
	h.Network().Notify(connectionLogger(p.log))
	h.SetStreamHandler(protocol.ID(cfg.directProtocol), p.serveDirect)
	if err := p.startGossip(); err != nil {
		p.Close()
		return nil, err
	}
	if cfg.dht {
		if err := p.startDHT(); err != nil {
			p.Close()
			return nil, err
		}
	}
	go p.connectThenDiscover()
	return p, nil
}

func (p *refPeer) Close() {
	p.closeOnce.Do(func() {
		p.cancel()
		if p.dht != nil {
			_ = p.dht.Close()
		}
		_ = p.host.Close()
	})
}

func (p *refPeer) Ready() any {
	return hostctl.NewReady(p.host, p.names)
}
