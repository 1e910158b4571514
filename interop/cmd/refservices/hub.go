package main

import (
	"cmp"
	"context"
	"slices"
	"sync"
	"time"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// queueSize bounds what a subscriber that stopped reading can hold us to; past it the
// subscriber is dropped, as the reference drops a subscriber it cannot send to.
const queueSize = 4096

// subscriberInfo is a Subscribe stream open now, for the control channel's `subscribers`.
type subscriberInfo struct {
	Source     string `json:"source"`
	OpenedAtMs int64  `json:"openedAtMs"`
}

type subscriber[T any] struct {
	info    subscriberInfo
	queue   chan T
	dropped chan struct{}
}

// hub fans notifications out to every open Subscribe stream. Each stream has its own queue and
// its own sender (the stream's handler), so one slow client delays no other and each sees the
// notifications in the order they were published.
type hub[T any] struct {
	mu     sync.Mutex
	nextID uint64
	subs   map[uint64]*subscriber[T]
	closed chan struct{}
	once   sync.Once
}

func newHub[T any]() *hub[T] {
	return &hub[T]{subs: map[uint64]*subscriber[T]{}, closed: make(chan struct{})}
}

// serve holds one Subscribe stream until the client goes away or the hub closes. It sends
// nothing, not even response headers, before the first notification: grpc-go sends headers with
// the first message, and a reference-like service never calls SendHeader.
func (h *hub[T]) serve(ctx context.Context, source string, send func(T) error) error {
	sub := &subscriber[T]{
		info:    subscriberInfo{Source: source, OpenedAtMs: time.Now().UnixMilli()},
		queue:   make(chan T, queueSize),
		dropped: make(chan struct{}),
	}
	h.mu.Lock()
	id := h.nextID
	h.nextID++
	h.subs[id] = sub
	h.mu.Unlock()
	defer func() {
		h.mu.Lock()
		delete(h.subs, id)
		h.mu.Unlock()
	}()
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-h.closed:
			return nil
		case <-sub.dropped:
			return status.Error(codes.ResourceExhausted, "the subscriber fell too far behind")
		case message := <-sub.queue:
			if err := send(message); err != nil {
				return err
			}
		}
	}
}

// publish queues message for every subscriber open now and says how many that was.
func (h *hub[T]) publish(message T) int {
	h.mu.Lock()
	defer h.mu.Unlock()
	delivered := 0
	for id, sub := range h.subs {
		select {
		case sub.queue <- message:
			delivered++
		default:
			close(sub.dropped)
			delete(h.subs, id)
		}
	}
	return delivered
}

func (h *hub[T]) list() []subscriberInfo {
	h.mu.Lock()
	defer h.mu.Unlock()
	infos := make([]subscriberInfo, 0, len(h.subs))
	for _, sub := range h.subs {
		infos = append(infos, sub.info)
	}
	slices.SortStableFunc(infos, func(a, b subscriberInfo) int { return cmp.Compare(a.OpenedAtMs, b.OpenedAtMs) })
	return infos
}

// close ends every stream (clients see it end cleanly), so a graceful stop need not wait for them.
func (h *hub[T]) close() {
	h.once.Do(func() { close(h.closed) })
}
