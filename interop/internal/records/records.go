// Package records keeps what a Go test peer received, for a driver that polls "what came after
// the last one I saw".
package records

import (
	"sort"
	"sync"

	"github.com/teranode-p2p-ts/interop/internal/control"
)

// Log keeps the newest records up to a limit, so a long mixed-network run cannot grow the process
// without bound; the counts still cover everything. Records are numbered from 1 in arrival
// order, and the number is written into the record itself, since that is where drivers read it.
type Log[R any] struct {
	setSeq func(r *R, seq uint64)

	mu      sync.Mutex
	limit   int
	entries []entry[R]
	lastSeq uint64
	dropped uint64
	counts  map[string]uint64
}

type entry[R any] struct {
	seq    uint64
	kind   string
	record R
}

// New returns a log of at most limit records (no limit below 1); setSeq numbers a record.
func New[R any](limit int, setSeq func(r *R, seq uint64)) *Log[R] {
	return &Log[R]{setSeq: setSeq, limit: limit, counts: map[string]uint64{}}
}

// Add numbers r, keeps it under kind and returns it numbered.
func (l *Log[R]) Add(kind string, r R) R {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.lastSeq++
	l.setSeq(&r, l.lastSeq)
	l.counts[kind]++
	if l.limit > 0 && len(l.entries) >= l.limit {
		l.entries = l.entries[1:]
		l.dropped++
	}
	l.entries = append(l.entries, entry[R]{seq: l.lastSeq, kind: kind, record: r})
	return r
}

// Since returns the records after seq, of one kind when kind is not empty. Never nil: the
// driver expects an array.
func (l *Log[R]) Since(seq uint64, kind string) []R {
	l.mu.Lock()
	defer l.mu.Unlock()
	first := sort.Search(len(l.entries), func(i int) bool { return l.entries[i].seq > seq })
	out := []R{}
	for _, e := range l.entries[first:] {
		if kind == "" || e.kind == kind {
			out = append(out, e.record)
		}
	}
	return out
}

// Method serves the drivers' `received {since?, kind?}` request.
func (l *Log[R]) Method() control.Handler {
	return control.Typed(func(req struct {
		Since uint64 `json:"since"`
		Kind  string `json:"kind"`
	}) (any, error) {
		return l.Since(req.Since, req.Kind), nil
	})
}

// Added is how many records were ever added, dropped ones included.
func (l *Log[R]) Added() uint64 {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.lastSeq
}

// Stats are the counts per kind of everything added and how many records the limit dropped.
type Stats struct {
	Received map[string]uint64 `json:"received"`
	Dropped  uint64            `json:"dropped"`
}

func (l *Log[R]) Stats() Stats {
	l.mu.Lock()
	defer l.mu.Unlock()
	counts := make(map[string]uint64, len(l.counts))
	for k, n := range l.counts {
		counts[k] = n
	}
	return Stats{Received: counts, Dropped: l.dropped}
}
