package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/libp2p/go-libp2p/core/peer"
	"github.com/libp2p/go-libp2p/p2p/discovery/routing"

	"github.com/teranode-p2p-ts/interop/internal/control"
	"github.com/teranode-p2p-ts/interop/internal/hostctl"
	"github.com/teranode-p2p-ts/interop/internal/mesh"
	"github.com/teranode-p2p-ts/interop/internal/wire"
)

// Methods are the control channel's requests, apart from stop (peermain owns the process).
func (p *refPeer) Methods() control.Methods {
	return control.Methods{
		"connect":           control.Typed(p.connect),
		"disconnect":        hostctl.Disconnect(p.host),
		"peers":             func(json.RawMessage) (any, error) { return hostctl.ConnectedPeers(p.host), nil },
		"topicPeers":        p.topicPeers,
		"publish":           control.Typed(p.publishMethod),
		"requestBestBlock":  p.requestBestBlock,
		"setBestBlock":      control.Typed(p.setBestBlock),
		"sendDirect":        control.Typed(p.sendDirectMethod),
		"received":          p.received.Method(),
		"stats":             func(json.RawMessage) (any, error) { return p.received.Stats(), nil },
		"waitForTopicPeers": p.waitForTopicPeers,
		"providers":         p.providers,
		"benchReset":        p.benchOnly(control.Typed(p.benchReset)),
		"benchSend":         p.benchOnly(p.benchSend),
		"benchCount":        p.benchOnly(func(json.RawMessage) (any, error) { return p.bench.count(), nil }),
		"benchReport":       p.benchOnly(func(json.RawMessage) (any, error) { return p.bench.report(), nil }),
	}
}

// dataResult carries bytes back as standard base64.
type dataResult struct {
	Data []byte `json:"data"`
}

func (p *refPeer) connect(req struct {
	Address string `json:"address"`
}) (any, error) {
	info, err := peer.AddrInfoFromString(req.Address)
	if err != nil {
		return nil, fmt.Errorf("address %q: %w", req.Address, err)
	}
	if info.ID == p.host.ID() {
		return nil, errors.New("cannot connect to ourselves")
	}
	if err := hostctl.DialNow(p.ctx, p.host, *info, dialTimeout); err != nil {
		return nil, fmt.Errorf("connect %s: %w", req.Address, err)
	}
	return map[string]string{"peerId": info.ID.String()}, nil
}

func (p *refPeer) topicPeers(json.RawMessage) (any, error) {
	out := map[string]any{}
	meshes := map[string][]string{}
	for _, k := range wire.Kinds {
		name := p.names[k.Name]
		out[k.Name] = mesh.IDs(p.ps.ListPeers(name))
		meshes[k.Name] = p.mesh.Peers(name)
	}
	out["mesh"] = meshes
	return out, nil
}

func (p *refPeer) publishMethod(req struct {
	Kind    string          `json:"kind"`
	Data    *[]byte         `json:"data"`
	Message json.RawMessage `json:"message"`
}) (any, error) {
	if _, ok := p.topics[req.Kind]; !ok {
		return nil, fmt.Errorf("unknown kind %q", req.Kind)
	}
	var data []byte
	switch {
	case req.Data != nil && req.Message != nil:
		return nil, errors.New("give data or message, not both")
	case req.Data != nil:
		data = *req.Data
	case req.Message != nil:
		// Decoded into the kind's struct and encoded again: what a reference node would send.
		encoded, err := wire.Reencode(req.Kind, req.Message)
		if err != nil {
			return nil, fmt.Errorf("message: %w", err)
		}
		data = encoded
	default:
		return nil, errors.New("give data or message")
	}
	if err := p.publish(req.Kind, data); err != nil {
		return nil, err
	}
	return dataResult{Data: data}, nil
}

func (p *refPeer) requestBestBlock(json.RawMessage) (any, error) {
	data, err := json.Marshal(wire.BestBlockMessage{PeerId: p.host.ID().String()})
	if err != nil {
		return nil, err
	}
	if err := p.publish(wire.KindBestBlock, data); err != nil {
		return nil, err
	}
	return dataResult{Data: data}, nil
}

func (p *refPeer) setBestBlock(req struct {
	Message json.RawMessage `json:"message"`
}) (any, error) {
	var best wire.BlockMessage
	if err := json.Unmarshal(req.Message, &best); err != nil {
		return nil, fmt.Errorf("message: %w", err)
	}
	data, err := json.Marshal(best)
	if err != nil {
		return nil, err
	}
	p.bestMu.Lock()
	p.best = best
	p.bestMu.Unlock()
	return dataResult{Data: data}, nil
}

func (p *refPeer) sendDirectMethod(req struct {
	PeerID string `json:"peerId"`
	Data   []byte `json:"data"`
}) (any, error) {
	id, err := peer.Decode(req.PeerID)
	if err != nil {
		return nil, fmt.Errorf("peerId %q: %w", req.PeerID, err)
	}
	return nil, p.sendDirect(id, req.Data)
}

func (p *refPeer) waitForTopicPeers(params json.RawMessage) (any, error) {
	req := struct {
		Kind      string  `json:"kind"`
		Count     int     `json:"count"`
		TimeoutMs float64 `json:"timeoutMs"`
	}{Kind: wire.KindSubtree, TimeoutMs: 30_000}
	if err := control.Decode(params, &req); err != nil {
		return nil, err
	}
	name, ok := p.names[req.Kind]
	if !ok {
		return nil, fmt.Errorf("unknown kind %q", req.Kind)
	}
	var n int
	err := mesh.Await(p.ctx, req.TimeoutMs, func() string {
		if n = len(p.ps.ListPeers(name)); n >= req.Count {
			return ""
		}
		return fmt.Sprintf("%d of %d peers on %s", n, req.Count, name)
	})
	if err != nil {
		return nil, err
	}
	return n, nil
}

// providers looks up who provides each topic's rendezvous key right now (fresh lookups, in
// parallel), which shows whether a peer's advertisement, ours or a TS node's, is where the
// reference would look for it.
func (p *refPeer) providers(params json.RawMessage) (any, error) {
	req := struct {
		Kinds     []string `json:"kinds"`
		TimeoutMs float64  `json:"timeoutMs"`
	}{TimeoutMs: float64(findTimeout / time.Millisecond)}
	if err := control.Decode(params, &req); err != nil {
		return nil, err
	}
	if p.dht == nil {
		return nil, errors.New("started with -dht=false")
	}
	if len(req.Kinds) == 0 {
		for _, k := range wire.Kinds {
			req.Kinds = append(req.Kinds, k.Name)
		}
	}
	for _, kind := range req.Kinds {
		if _, ok := p.names[kind]; !ok {
			return nil, fmt.Errorf("unknown kind %q", kind)
		}
	}
	ctx, cancel := context.WithTimeout(p.ctx, time.Duration(req.TimeoutMs*float64(time.Millisecond)))
	defer cancel()
	rd := routing.NewRoutingDiscovery(p.dht)
	var (
		mu  sync.Mutex
		wg  sync.WaitGroup
		out = map[string][]string{}
	)
	for _, kind := range req.Kinds {
		wg.Add(1)
		go func(kind string) {
			defer wg.Done()
			var ids []peer.ID
			if found, err := rd.FindPeers(ctx, p.names[kind]); err == nil {
				for info := range found {
					ids = append(ids, info.ID)
				}
			}
			mu.Lock()
			out[kind] = mesh.IDs(ids)
			mu.Unlock()
		}(kind)
	}
	wg.Wait()
	return out, nil
}

// benchOnly keeps the benchmark methods away from a peer whose subtree topic carries real
// messages: their payloads would land in other peers' records as garbage.
func (p *refPeer) benchOnly(handler control.Handler) control.Handler {
	return func(params json.RawMessage) (any, error) {
		if !p.cfg.bench {
			return nil, errors.New("started without -bench")
		}
		return handler(params)
	}
}

func (p *refPeer) benchReset(req struct {
	Run uint32 `json:"run"`
}) (any, error) {
	p.bench.reset(req.Run)
	return nil, nil
}

func (p *refPeer) benchSend(params json.RawMessage) (any, error) {
	req := struct {
		Run         uint32  `json:"run"`
		Rate        float64 `json:"rate"`
		DurationMs  float64 `json:"durationMs"`
		MaxInFlight int     `json:"maxInFlight"`
		Size        int     `json:"size"`
	}{Size: benchDefaultSize, MaxInFlight: 1}
	if err := control.Decode(params, &req); err != nil {
		return nil, err
	}
	if req.Size < benchHeaderBytes || req.Size > 1<<20 {
		return nil, fmt.Errorf("size %d: want %d to %d bytes", req.Size, benchHeaderBytes, 1<<20)
	}
	if req.Rate < 0 || req.DurationMs < 0 {
		return nil, errors.New("rate and durationMs must not be negative")
	}
	topic := p.topics[wire.KindSubtree]
	return pace(req.Rate, req.DurationMs, req.MaxInFlight, func(seq uint32) error {
		return topic.Publish(p.ctx, makeBenchPayload(req.Size, seq, req.Run))
	}), nil
}
