package main

import (
	"fmt"

	pubsub "github.com/libp2p/go-libp2p-pubsub"

	"github.com/teranode-p2p-ts/interop/internal/wire"
)

// subscriptionBuffer is larger than pubsub's default of 32 so that a burst does not overflow our
// own consumer and get counted against the network. It is local: nothing of it is on the wire.
const subscriptionBuffer = 4096

// startGossip runs gossipsub with go-libp2p-pubsub's defaults, as the reference did: StrictSign,
// 1 MiB message cap, D=6/Dlo=4/Dhi=12, no peer scoring, no peer exchange and no flood publishing.
// Without flood publishing our own message goes to our mesh only: one published before the first
// heartbeats have built the mesh can miss a peer for good (gossip only reaches non-mesh peers),
// which is the reference's behaviour too; -flood-publish is there for tests that want otherwise.
// The mesh tracer only observes.
func (p *refPeer) startGossip() error {
	opts := []pubsub.Option{pubsub.WithRawTracer(p.mesh)}
	if p.cfg.floodPublish {
		opts = append(opts, pubsub.WithFloodPublish(true))
	}
	if p.cfg.outboundQueue > 0 {
		opts = append(opts, pubsub.WithPeerOutboundQueueSize(p.cfg.outboundQueue))
	}
	if p.cfg.validateQueue > 0 {
		opts = append(opts, pubsub.WithValidateQueueSize(p.cfg.validateQueue))
	}
	ps, err := pubsub.NewGossipSub(p.ctx, p.host, opts...)
	if err != nil {
		return err
	}
	p.ps = ps
	for _, k := range wire.Kinds {
		name := wire.TopicName(p.cfg.topicPrefix, k.Suffix)
		topic, err := ps.Join(name)
		if err != nil {
			return fmt.Errorf("join %s: %w", name, err)
		}
		sub, err := topic.Subscribe(pubsub.WithBufferSize(subscriptionBuffer))
		if err != nil {
			return fmt.Errorf("subscribe %s: %w", name, err)
		}
		p.topics[k.Name] = topic
		p.names[k.Name] = name
		go p.receive(k.Name, name, sub)
	}
	return nil
}

func (p *refPeer) receive(kind, name string, sub *pubsub.Subscription) {
	for {
		msg, err := sub.Next(p.ctx)
		if err != nil {
			return
		}
		// Our own publications come back to our subscription: they are not "received".
		if msg.ReceivedFrom == p.host.ID() {
			continue
		}
		if p.cfg.bench && kind == wire.KindSubtree {
			p.bench.observe(msg.Data)
			continue
		}
		p.keep(kind, name, msg.GetFrom().String(), msg.Data)
		if kind == wire.KindBestBlock {
			go p.answerBestBlock(msg.Data)
		}
	}
}

func (p *refPeer) publish(kind string, data []byte) error {
	topic, ok := p.topics[kind]
	if !ok {
		return fmt.Errorf("unknown kind %q", kind)
	}
	return topic.Publish(p.ctx, data)
}
