package main

import (
	"context"
	"sync"
	"time"

	dht "github.com/libp2p/go-libp2p-kad-dht"
	"github.com/libp2p/go-libp2p/core/network"
	"github.com/libp2p/go-libp2p/core/peer"
	"github.com/libp2p/go-libp2p/core/protocol"
	drouting "github.com/libp2p/go-libp2p/p2p/discovery/routing"
)

// dialTimeout bounds every dial: a PSK mismatch can leave a handshake waiting for bytes that
// never make sense, and the control channel must answer.
const dialTimeout = 10 * time.Second

// findTimeout bounds one provider lookup; in a small network it ends long before.
const findTimeout = 10 * time.Second

// startDHT runs Kademlia in server mode under the configured prefix. kad-dht's defaults are
// permissive (no query, routing-table or address filter) for any prefix other than /ipfs, which is
// what lets peers on 127.0.0.1 find each other: only the dual/WAN DHT drops loopback addresses.
func (p *refPeer) startDHT() error {
	d, err := dht.New(p.host,
		dht.Mode(dht.ModeServer),
		dht.ProtocolPrefix(protocol.ID(p.cfg.dhtPrefix)),
		dht.BootstrapPeers(p.cfg.bootstrap...),
	)
	if err != nil {
		return err
	}
	p.dht = d
	return d.Bootstrap(p.ctx)
}

func (p *refPeer) connectThenDiscover() {
	var wg sync.WaitGroup
	for _, info := range p.cfg.bootstrap {
		wg.Add(1)
		go func(info peer.AddrInfo) {
			defer wg.Done()
			if err := p.dial(info); err != nil {
				p.log.Printf("bootstrap %s: %v", info.ID, err)
			}
		}(info)
	}
	wg.Wait()
	if p.dht == nil {
		return
	}
	rd := drouting.NewRoutingDiscovery(p.dht)
	for _, name := range p.names {
		go p.advertise(rd, name)
	}
	ticker := time.NewTicker(p.cfg.discoveryInterval)
	defer ticker.Stop()
	for {
		p.findProviders(rd)
		select {
		case <-p.ctx.Done():
			return
		case <-ticker.C:
		}
	}
}

// advertise provides the topic's rendezvous key (CIDv1 raw of sha256(name), which the routing
// discovery derives) and renews it before the record expires. Unlike go-libp2p's discovery util,
// which waits two minutes after a failure, it retries at the discovery interval: a fresh peer's
// first attempt usually fails because its routing table is still empty.
func (p *refPeer) advertise(rd *drouting.RoutingDiscovery, name string) {
	failing := false
	for {
		wait := p.cfg.discoveryInterval
		ttl, err := rd.Advertise(p.ctx, name)
		switch {
		case err == nil:
			wait = ttl * 7 / 8
			if failing {
				p.log.Printf("advertised %s", name)
			}
			failing = false
		case p.ctx.Err() == nil && !failing:
			// Logged once per streak: alone in the network, it fails every round.
			p.log.Printf("advertise %s: %v (retrying every %v)", name, err, wait)
			failing = true
		}
		select {
		case <-p.ctx.Done():
			return
		case <-time.After(wait):
		}
	}
}

// findProviders looks up every topic's rendezvous and dials each provider we are not connected
// to, as the reference did on every round.
func (p *refPeer) findProviders(rd *drouting.RoutingDiscovery) {
	var wg sync.WaitGroup
	for _, name := range p.names {
		wg.Add(1)
		go func(name string) {
			defer wg.Done()
			ctx, cancel := context.WithTimeout(p.ctx, findTimeout)
			defer cancel()
			found, err := rd.FindPeers(ctx, name)
			if err != nil {
				p.log.Printf("find providers of %s: %v", name, err)
				return
			}
			for info := range found {
				if info.ID == p.host.ID() || p.host.Network().Connectedness(info.ID) == network.Connected {
					continue
				}
				if err := p.dial(info); err != nil {
					p.log.Printf("dial provider %s of %s: %v", info.ID, name, err)
					continue
				}
				p.log.Printf("connected to %s, a provider of %s", info.ID, name)
			}
		}(name)
	}
	wg.Wait()
}

func (p *refPeer) dial(info peer.AddrInfo) error {
	ctx, cancel := context.WithTimeout(p.ctx, dialTimeout)
	defer cancel()
	return p.host.Connect(ctx, info)
}

func connectionLogger(log interface{ Printf(string, ...any) }) network.Notifiee {
	return &network.NotifyBundle{
		ConnectedF: func(_ network.Network, c network.Conn) {
			log.Printf("connected %s %s %s", c.Stat().Direction, c.RemotePeer(), c.RemoteMultiaddr())
		},
		DisconnectedF: func(_ network.Network, c network.Conn) {
			log.Printf("disconnected %s %s %s", c.Stat().Direction, c.RemotePeer(), c.RemoteMultiaddr())
		},
	}
}
