// Package mesh is what the Go test peers see of their gossipsub topics: the mesh the router
// builds, peer lists in a stable order, and waiting for enough peers before a test publishes
// (without flood publishing a message goes to mesh peers only, so one sent early is lost).
package mesh

import (
	"context"
	"fmt"
	"sort"
	"sync"
	"time"

	pubsub "github.com/libp2p/go-libp2p-pubsub"
	"github.com/libp2p/go-libp2p/core/peer"
	"github.com/libp2p/go-libp2p/core/protocol"
)

// Tracer follows our mesh per topic from the router's trace events: the router has no accessor
// for it, and tests want to see whether a TS peer was grafted. The router calls these from its
// event loop, so they only touch a map.
type Tracer struct {
	mu   sync.Mutex
	mesh map[string]map[peer.ID]struct{}
}

var _ pubsub.RawTracer = (*Tracer)(nil)

func NewTracer() *Tracer {
	return &Tracer{mesh: map[string]map[peer.ID]struct{}{}}
}

// Peers are the topic's mesh peers, sorted; never nil, so a driver always gets an array.
func (t *Tracer) Peers(topic string) []string {
	t.mu.Lock()
	defer t.mu.Unlock()
	out := []string{}
	for p := range t.mesh[topic] {
		out = append(out, p.String())
	}
	sort.Strings(out)
	return out
}

func (t *Tracer) Graft(p peer.ID, topic string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.mesh[topic] == nil {
		t.mesh[topic] = map[peer.ID]struct{}{}
	}
	t.mesh[topic][p] = struct{}{}
}

func (t *Tracer) Prune(p peer.ID, topic string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	delete(t.mesh[topic], p)
}

// A peer whose stream closed leaves every mesh without a Prune event.
func (t *Tracer) OnClosedOutboundStream(p peer.ID) {
	t.mu.Lock()
	defer t.mu.Unlock()
	for _, peers := range t.mesh {
		delete(peers, p)
	}
}

func (t *Tracer) Leave(topic string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	delete(t.mesh, topic)
}

func (t *Tracer) OnNewOutboundStream(peer.ID, protocol.ID)             {}
func (t *Tracer) Join(string)                                          {}
func (t *Tracer) ValidateMessage(*pubsub.Message)                      {}
func (t *Tracer) DeliverMessage(*pubsub.Message)                       {}
func (t *Tracer) RejectMessage(*pubsub.Message, string)                {}
func (t *Tracer) DuplicateMessage(*pubsub.Message)                     {}
func (t *Tracer) ThrottlePeer(peer.ID)                                 {}
func (t *Tracer) RecvRPC(*pubsub.RPC)                                  {}
func (t *Tracer) SendRPC(*pubsub.RPC, peer.ID)                         {}
func (t *Tracer) SendRPCCompleted(*pubsub.RPC, peer.ID, time.Duration) {}
func (t *Tracer) DropRPC(*pubsub.RPC, peer.ID)                         {}
func (t *Tracer) UndeliverableMessage(*pubsub.Message)                 {}

// IDs are ids as sorted strings, never nil: replies compare equal from call to call.
func IDs(ids []peer.ID) []string {
	out := make([]string, 0, len(ids))
	for _, id := range ids {
		out = append(out, id.String())
	}
	sort.Strings(out)
	return out
}

// Await polls until missing returns "" (what is still missing otherwise, such as "1 of 2 peers
// on <topic>"), the timeout passes or ctx ends. It polls because gossipsub announces no count
// reached; 20 ms is far below what any test waits.
func Await(ctx context.Context, timeoutMs float64, missing func() string) error {
	deadline := time.Now().Add(time.Duration(timeoutMs * float64(time.Millisecond)))
	for {
		short := missing()
		if short == "" {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("%s after %v ms", short, timeoutMs)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(20 * time.Millisecond):
		}
	}
}
