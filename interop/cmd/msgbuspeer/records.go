package main

import (
	"sort"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/libp2p/go-libp2p/core/peer"
)

// record is one delivered message as the control channel reports it. []byte fields marshal as
// standard base64.
type record struct {
	Seq   uint64 `json:"seq"`
	Kind  string `json:"kind"`
	Topic string `json:"topic"`
	// From is the signed author (the bus's Message.FromID); ReceivedFrom the neighbour that
	// forwarded it, which differs once messages travel more than one hop.
	From         string `json:"from"`
	ReceivedFrom string `json:"receivedFrom"`
	// Name is the envelope name as the bus hands it on (sanitized); RawName as it was sent.
	Name    string `json:"name"`
	RawName string `json:"rawName"`
	// Envelope is the gossip data exactly as received; EnvelopeEqual says whether it is byte for
	// byte what a bus node would publish for the same name and data.
	Envelope          []byte `json:"envelope"`
	EnvelopeReencoded []byte `json:"envelopeReencoded,omitempty"`
	EnvelopeEqual     bool   `json:"envelopeEqual"`
	// Inner is the unwrapped payload (the bus's Message.Data), then what Teranode's Go struct for
	// the kind makes of it.
	Inner          []byte `json:"inner"`
	InnerReencoded []byte `json:"innerReencoded,omitempty"`
	InnerEqual     *bool  `json:"innerEqual,omitempty"`
	InnerError     string `json:"innerError,omitempty"`
	ReceivedAtMs   int64  `json:"receivedAtMs"`
}

// receivedLog keeps the newest records up to a limit; the counts cover everything.
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

func (l *receivedLog) add(kind, topic, from, via, shownName string, env envelope, raw []byte) record {
	r := record{
		Kind: kind, Topic: topic, From: from, ReceivedFrom: via, Name: shownName, RawName: env.Name,
		Envelope: raw, Inner: env.Data, ReceivedAtMs: time.Now().UnixMilli(),
	}
	again, equal := envelopeMatchesBus(raw, env)
	r.EnvelopeEqual = equal
	if !equal {
		r.EnvelopeReencoded = again
	}
	if inner, err := reencodeInner(kind, env.Data); err != nil {
		r.InnerError = err.Error()
	} else {
		same := string(inner) == string(env.Data)
		r.InnerReencoded, r.InnerEqual = inner, &same
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
	return r
}

// since returns the records after seq, of one kind when kind is set. Never nil: the driver
// expects an array.
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

func (l *receivedLog) stats() (map[string]uint64, uint64) {
	l.mu.Lock()
	defer l.mu.Unlock()
	counts := make(map[string]uint64, len(l.counts))
	for k, n := range l.counts {
		counts[k] = n
	}
	return counts, l.dropped
}

// malformedRecord is one gossip message the bus could not decode as an envelope.
type malformedRecord struct {
	Seq   uint64 `json:"seq"`
	Topic string `json:"topic"`
	From  string `json:"from"`
	// Count is the author's running malformed count; Skipped is true on the message that made
	// the bus start ignoring the author.
	Count        int    `json:"count"`
	Skipped      bool   `json:"skipped"`
	Error        string `json:"error"`
	Data         []byte `json:"data"`
	ReceivedAtMs int64  `json:"receivedAtMs"`
}

// malformedLog is unbounded on purpose: any entry at all is a test failure on the paths that
// use it, so it stays short.
type malformedLog struct {
	mu      sync.Mutex
	records []malformedRecord
}

func (l *malformedLog) add(topic, from string, count int, skipped bool, cause string, data []byte) malformedRecord {
	l.mu.Lock()
	defer l.mu.Unlock()
	r := malformedRecord{
		Seq: uint64(len(l.records) + 1), Topic: topic, From: from, Count: count, Skipped: skipped,
		Error: cause, Data: data, ReceivedAtMs: time.Now().UnixMilli(),
	}
	l.records = append(l.records, r)
	return r
}

func (l *malformedLog) since(seq uint64) []malformedRecord {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := []malformedRecord{}
	for _, r := range l.records {
		if r.Seq > seq {
			out = append(out, r)
		}
	}
	return out
}

func (l *malformedLog) count() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.records)
}

// authorTracker holds what the bus remembers per author: the last name, whether it has
// published on a topic (which makes it a target of the address exchange), and malformed counts.
type authorTracker struct {
	mu        sync.Mutex
	names     map[peer.ID]string
	topicPeer map[peer.ID]bool
	malformed map[peer.ID]int
	skip      map[peer.ID]bool
}

func newAuthorTracker() *authorTracker {
	return &authorTracker{
		names: map[peer.ID]string{}, topicPeer: map[peer.ID]bool{},
		malformed: map[peer.ID]int{}, skip: map[peer.ID]bool{},
	}
}

func (t *authorTracker) seen(id peer.ID, rawName string) string {
	name := sanitizeName(rawName)
	t.mu.Lock()
	defer t.mu.Unlock()
	t.names[id] = name
	t.topicPeer[id] = true
	return name
}

func (t *authorTracker) name(id peer.ID) string {
	t.mu.Lock()
	defer t.mu.Unlock()
	if n, ok := t.names[id]; ok {
		return n
	}
	return "unknown"
}

func (t *authorTracker) topicPeers() []peer.ID {
	t.mu.Lock()
	defer t.mu.Unlock()
	out := make([]peer.ID, 0, len(t.topicPeer))
	for id := range t.topicPeer {
		out = append(out, id)
	}
	return out
}

func (t *authorTracker) recordMalformed(id peer.ID) (int, bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.malformed[id]++
	n := t.malformed[id]
	if n >= malformedThreshold && !t.skip[id] {
		t.skip[id] = true
		return n, true
	}
	return n, false
}

func (t *authorTracker) skipping(id peer.ID) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.skip[id]
}

// maxNameBytes is the bus's cap on a peer-supplied name as it is stored and handed on.
const maxNameBytes = 64

// sanitizeName drops unprintable runes and cuts to maxNameBytes on a rune boundary, as the bus
// does before a name reaches its logs or its subscribers.
func sanitizeName(s string) string {
	if len(s) > 4*maxNameBytes {
		s = s[:4*maxNameBytes]
	}
	s = strings.Map(func(r rune) rune {
		if unicode.IsPrint(r) {
			return r
		}
		return -1
	}, s)
	if len(s) <= maxNameBytes {
		return s
	}
	cut := maxNameBytes
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut]
}
