package main

import (
	"bytes"
	"sort"
	"sync"
	"time"

	"github.com/teranode-p2p-ts/interop/internal/wire"
)

// record is one message another peer sent us, as the control channel reports it. Byte fields
// marshal as standard base64.
type record struct {
	Seq          uint64 `json:"seq"`
	Kind         string `json:"kind"`
	Topic        string `json:"topic"`
	From         string `json:"from"`
	Data         []byte `json:"data"`
	ReceivedAtMs int64  `json:"receivedAtMs"`
	// What encoding/json makes of the message after decoding it into the kind's struct: equal
	// bytes prove the sender encodes exactly like the reference.
	Reencoded      []byte `json:"reencoded,omitempty"`
	RoundTripEqual *bool  `json:"roundTripEqual,omitempty"`
	DecodeError    string `json:"decodeError,omitempty"`
}

// receivedLog keeps the newest records up to a limit, so a long mixed-network run cannot grow
// the process without bound; the counts still cover everything.
type receivedLog struct {
	mu      sync.Mutex
	limit   int
	records []record
	lastSeq uint64
	dropped uint64
	counts  map[string]uint64
}

func newReceivedLog(limit int) *receivedLog {
	return &receivedLog{limit: limit, counts: map[string]uint64{}}
}

func (l *receivedLog) add(kind, topic, from string, data []byte) {
	r := record{Kind: kind, Topic: topic, From: from, Data: data, ReceivedAtMs: time.Now().UnixMilli()}
	if reencoded, err := wire.Reencode(kind, data); err != nil {
		r.DecodeError = err.Error()
	} else {
		equal := bytes.Equal(reencoded, data)
		r.Reencoded, r.RoundTripEqual = reencoded, &equal
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	l.lastSeq++
	r.Seq = l.lastSeq
	l.counts[kind]++
	if len(l.records) >= l.limit {
		l.records = l.records[1:]
		l.dropped++
	}
	l.records = append(l.records, r)
}

// since returns the records after seq, of one kind when kind is not empty. Never nil: the
// driver expects an array.
func (l *receivedLog) since(seq uint64, kind string) []record {
	l.mu.Lock()
	defer l.mu.Unlock()
	first := sort.Search(len(l.records), func(i int) bool { return l.records[i].Seq > seq })
	out := []record{}
	for _, r := range l.records[first:] {
		if kind == "" || r.Kind == kind {
			out = append(out, r)
		}
	}
	return out
}

type receivedStats struct {
	Received map[string]uint64 `json:"received"`
	Dropped  uint64            `json:"dropped"`
}

func (l *receivedLog) stats() receivedStats {
	l.mu.Lock()
	defer l.mu.Unlock()
	counts := make(map[string]uint64, len(l.counts))
	for k, n := range l.counts {
		counts[k] = n
	}
	return receivedStats{Received: counts, Dropped: l.dropped}
}
