package main

import (
	"context"
	"fmt"
	"net"
	"sync"
	"time"

	"github.com/libp2p/go-libp2p"
	pubsub "github.com/libp2p/go-libp2p-pubsub"
	"github.com/libp2p/go-libp2p/core/host"
	"github.com/libp2p/go-libp2p/core/network"
	"github.com/libp2p/go-libp2p/core/peer"
	"github.com/libp2p/go-libp2p/core/protocol"
	"github.com/libp2p/go-libp2p/p2p/net/conngater"
	"github.com/libp2p/go-libp2p/p2p/net/connmgr"
	"github.com/libp2p/go-libp2p/p2p/transport/tcp"

	"github.com/teranode-p2p-ts/interop/internal/mesh"
	"github.com/teranode-p2p-ts/interop/internal/peermain"
	"github.com/teranode-p2p-ts/interop/internal/records"
)

// malformedThreshold is the bus's tolerance: at this many undecodable envelopes from one author
// it logs one warning and drops that author's messages silently from then on.
const malformedThreshold = 5

// bus is a stand-in for go-p2p-message-bus's client, configured the way a Teranode node
// configures it with the DHT off. Its wire behaviour (envelope, gossipsub options, address
// exchange, malformed handling) follows the library's facts; it is our own code, because the
// module proxy does not serve the library (see docs/research/go-p2p-message-bus.md).
type bus struct {
	cfg    config
	host   host.Host
	ps     *pubsub.PubSub
	mesh   *mesh.Tracer
	log    *busLogger
	events *eventWriter

	topics map[string]*pubsub.Topic // by kind; fixed after start
	names  map[string]string        // kind -> topic name

	received  *records.Log[record]
	malformed *records.Log[malformedRecord]
	authors   *authorTracker
	addrEx    *addrExchange

	ctx       context.Context
	cancel    context.CancelFunc
	closeOnce sync.Once
}

func startBus(cfg config) (*bus, error) {
	events := &eventWriter{on: cfg.events}
	id, err := peer.IDFromPrivateKey(cfg.key)
	if err != nil {
		return nil, err
	}
	logger := newBusLogger(peermain.LogPrefix("msgbuspeer", id.String()), cfg.debug, events)
	h, err := newBusHost(cfg, logger)
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithCancel(context.Background())
	b := &bus{
		cfg:       cfg,
		host:      h,
		mesh:      mesh.NewTracer(),
		log:       logger,
		events:    events,
		topics:    map[string]*pubsub.Topic{},
		names:     map[string]string{},
		received:  newReceivedLog(cfg.recordLimit),
		malformed: newMalformedLog(),
		authors:   newAuthorTracker(),
		ctx:       ctx,
		cancel:    cancel,
	}
	b.addrEx = newAddrExchange(b)
	h.SetStreamHandler(protocol.ID(addrProtocolV1), b.addrEx.serve)
	h.SetStreamHandler(protocol.ID(addrProtocolV2), b.addrEx.serve)

	if err := b.startGossip(); err != nil {
		b.Close()
		return nil, err
	}
	b.maintain("bootstrap", cfg.bootstrapPeers)
	b.maintain("static", cfg.staticPeers)
	if cfg.addrInterval > 0 {
		go b.addrEx.loop(cfg.addrInterval)
	}
	return b, nil
}

// newBusHost builds the host as the bus does: TCP only (its default set would add QUIC and
// WebRTC), go-libp2p's default Noise/TLS and yamux, a connection manager, the private-range
// gater unless private IPs are allowed, and the identify protocol version Teranode passes.
// The bus also enables the relay client and, with bootstrap peers, auto-relay through them;
// neither changes what a loopback test sees, so only the relay transport (a default) is kept.
func newBusHost(cfg config, log *busLogger) (host.Host, error) {
	cm, err := connmgr.NewConnManager(cfg.minConns, cfg.maxConns, connmgr.WithGracePeriod(cfg.grace))
	if err != nil {
		return nil, err
	}
	opts := []libp2p.Option{
		libp2p.Identity(cfg.key),
		libp2p.ListenAddrStrings(cfg.listen...),
		libp2p.Transport(tcp.NewTCPTransport),
		libp2p.ConnectionManager(cm),
		libp2p.ProtocolVersion(cfg.protocolVersion),
	}
	if !cfg.allowPrivateIPs {
		gater, err := privateRangeGater()
		if err != nil {
			return nil, err
		}
		opts = append(opts, libp2p.ConnectionGater(gater))
		log.Infof("Private IP connection gater enabled (blocking RFC1918 and local addresses)")
	}
	h, err := libp2p.New(opts...)
	if err != nil {
		return nil, err
	}
	log.Infof("P2P Client created. ID: %s", h.ID())
	log.Infof("Listening on: %v", h.Addrs())
	return h, nil
}

// privateRangeGater refuses the ranges the bus refuses when AllowPrivateIPs is false.
func privateRangeGater() (*conngater.BasicConnectionGater, error) {
	g, err := conngater.NewBasicConnectionGater(nil)
	if err != nil {
		return nil, err
	}
	for _, cidr := range []string{
		"10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "127.0.0.0/8", "169.254.0.0/16",
		"100.64.0.0/10", "fc00::/7", "fe80::/10", "::1/128",
	} {
		_, ipnet, err := net.ParseCIDR(cidr)
		if err != nil {
			return nil, err
		}
		if err := g.BlockSubnet(ipnet); err != nil {
			return nil, err
		}
	}
	return g, nil
}

// startGossip joins the four topics with the options the bus gives gossipsub: peer exchange,
// penalty-only peer scoring with static and bootstrap peers as direct peers, and an author
// allow-list validator when one is configured. Everything else is go-libp2p-pubsub's default:
// StrictSign, from+seqno message ids, 1 MiB messages, D=6/Dlo=5/Dhi=12, 1 s heartbeat.
func (b *bus) startGossip() error {
	opts := []pubsub.Option{pubsub.WithRawTracer(b.mesh)}
	if b.cfg.peerExchange {
		opts = append(opts, pubsub.WithPeerExchange(true))
	} else {
		b.log.Infof("GossipSub peer exchange disabled")
	}
	if b.cfg.peerScoring {
		opts = append(opts, pubsub.WithPeerScore(defaultScoreParams(), defaultScoreThresholds()))
		if direct := b.directPeers(); len(direct) > 0 {
			opts = append(opts, pubsub.WithDirectPeers(direct))
			b.log.Infof("GossipSub scoring: %d trusted peer(s) exempt as direct peers", len(direct))
		}
	} else if b.cfg.peerExchange {
		b.log.Warnf("GossipSub peer exchange is enabled without peer scoring; Sybil peers can capture the mesh - set EnablePeerScoring or DisablePeerExchange")
	}
	if v := b.allowValidator(); v != nil {
		opts = append(opts, pubsub.WithDefaultValidator(v))
	}
	ps, err := pubsub.NewGossipSub(b.ctx, b.host, opts...)
	if err != nil {
		return fmt.Errorf("gossipsub: %w", err)
	}
	b.ps = ps
	for _, k := range kinds {
		name := topicName(b.cfg.network, k)
		topic, err := ps.Join(name)
		if err != nil {
			return fmt.Errorf("join %s: %w", name, err)
		}
		// The bus subscribes with pubsub's default buffer (32); a test burst is not a reason to
		// lose messages here, and the buffer is local, so it is larger.
		sub, err := topic.Subscribe(pubsub.WithBufferSize(4096))
		if err != nil {
			return fmt.Errorf("subscribe %s: %w", name, err)
		}
		b.topics[k], b.names[k] = topic, name
		go b.protectTopicPeers(name, topic)
		go b.receive(k, name, sub)
	}
	return nil
}

func (b *bus) directPeers() []peer.AddrInfo {
	seen := map[peer.ID]bool{}
	var out []peer.AddrInfo
	for _, ai := range append(append([]peer.AddrInfo{}, b.cfg.staticPeers...), b.cfg.bootstrapPeers...) {
		if !seen[ai.ID] {
			seen[ai.ID] = true
			out = append(out, ai)
		}
	}
	return out
}

// allowValidator returns nil when no allow-list is set, as the bus then registers no validator.
func (b *bus) allowValidator() func(context.Context, peer.ID, *pubsub.Message) pubsub.ValidationResult {
	if len(b.cfg.allowed) == 0 {
		return nil
	}
	allowed := map[peer.ID]bool{b.host.ID(): true}
	for _, id := range b.cfg.allowed {
		allowed[id] = true
	}
	for _, ai := range b.cfg.staticPeers {
		allowed[ai.ID] = true
	}
	b.log.Infof("Peer allowlist enabled: accepting pubsub messages from %d peer(s)", len(allowed))
	return func(_ context.Context, _ peer.ID, msg *pubsub.Message) pubsub.ValidationResult {
		if allowed[msg.GetFrom()] {
			return pubsub.ValidationAccept
		}
		return pubsub.ValidationIgnore
	}
}

// protectTopicPeers keeps the connection manager off peers that share a topic with us, as the
// bus tags them (value 100 under "topic:<name>").
func (b *bus) protectTopicPeers(name string, topic *pubsub.Topic) {
	events, err := topic.EventHandler()
	if err != nil {
		return
	}
	defer events.Cancel()
	tag := "topic:" + name
	for {
		ev, err := events.NextPeerEvent(b.ctx)
		if err != nil {
			return
		}
		if ev.Type == pubsub.PeerJoin {
			b.host.ConnManager().TagPeer(ev.Peer, tag, 100)
		} else {
			b.host.ConnManager().UntagPeer(ev.Peer, tag)
		}
	}
}

// receive is the bus's reader: skip our own messages, skip authors past the malformed
// threshold, decode the envelope or count a malformed message, else deliver.
func (b *bus) receive(kind, name string, sub *pubsub.Subscription) {
	for {
		msg, err := sub.Next(b.ctx)
		if err != nil {
			return
		}
		author := msg.GetFrom()
		if author == b.host.ID() {
			continue
		}
		if b.authors.skipping(author) {
			continue
		}
		env, err := decodeEnvelope(msg.Data)
		if err != nil {
			b.handleMalformed(author, name, msg.Data, err)
			continue
		}
		shown := b.authors.seen(author, env.Name)
		r := b.received.Add(kind, newRecord(kind, name, author.String(), msg.ReceivedFrom.String(), shown, env, msg.Data))
		b.events.send("received", r)
	}
}

// handleMalformed logs what the bus logs: a debug line for every malformed message and one
// warning when the author crosses the threshold.
func (b *bus) handleMalformed(author peer.ID, topic string, data []byte, cause error) {
	count, justSkipped := b.authors.recordMalformed(author)
	preview := data[:min(len(data), 128)]
	b.log.malformedf("DEBUG", "Malformed message from %s (%s) on topic %s: %v (count=%d, len=%d, preview=%q, hex=%x)",
		b.authors.name(author), author, topic, cause, count, len(data), preview, data)
	if justSkipped {
		b.log.malformedf("WARN", "Skipping peer %s (%s) on topic %s: %d malformed messages exceeded threshold",
			b.authors.name(author), author, topic, count)
	}
	r := b.malformed.Add("", malformedRecord{
		Topic: topic, From: author.String(), Count: count, Skipped: justSkipped, Error: cause.Error(),
		Data: data, ReceivedAtMs: time.Now().UnixMilli(),
	})
	b.events.send("malformed", r)
}

// maintain dials a managed peer set now, then every 5 s until all are connected or two minutes
// have passed, then every 30 s: the bus's schedule for bootstrap and static peers.
func (b *bus) maintain(kind string, peers []peer.AddrInfo) {
	if len(peers) == 0 {
		return
	}
	for _, ai := range peers {
		b.host.Peerstore().AddAddrs(ai.ID, ai.Addrs, time.Hour)
	}
	b.log.Infof("Configured %d %s peer(s)", len(peers), kind)
	b.redial(kind, peers)
	go func() {
		fast := time.NewTicker(5 * time.Second)
		defer fast.Stop()
		fastEnd := time.After(2 * time.Minute)
	fastPhase:
		for {
			select {
			case <-b.ctx.Done():
				return
			case <-fastEnd:
				break fastPhase
			case <-fast.C:
				if b.allConnected(peers) {
					b.log.Infof("All %s peers connected, switching to maintenance mode", kind)
					break fastPhase
				}
				b.redial(kind, peers)
			}
		}
		slow := time.NewTicker(30 * time.Second)
		defer slow.Stop()
		for {
			select {
			case <-b.ctx.Done():
				return
			case <-slow.C:
				b.redial(kind, peers)
			}
		}
	}()
}

func (b *bus) allConnected(peers []peer.AddrInfo) bool {
	for _, ai := range peers {
		if b.host.Network().Connectedness(ai.ID) != network.Connected {
			return false
		}
	}
	return true
}

func (b *bus) redial(kind string, peers []peer.AddrInfo) {
	for _, ai := range peers {
		if b.host.Network().Connectedness(ai.ID) == network.Connected {
			continue
		}
		go func(ai peer.AddrInfo) {
			if err := b.host.Connect(b.ctx, ai); err != nil {
				b.log.Warnf("Failed to connect to %s peer %s (%v): %v", kind, trimID(ai.ID.String()), ai.Addrs, err)
			} else {
				b.log.Infof("Connected to %s peer: %s", kind, ai.ID)
			}
		}(ai)
	}
}

func (b *bus) Close() {
	b.closeOnce.Do(func() {
		b.cancel()
		_ = b.host.Close()
	})
}
