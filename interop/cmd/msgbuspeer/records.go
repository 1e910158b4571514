package main

import (
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/libp2p/go-libp2p/core/peer"

	"github.com/teranode-p2p-ts/interop/internal/records"
	"github.com/teranode-p2p-ts/interop/internal/teranode"
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

func newReceivedLog(limit int) *records.Log[record] {
	return records.New(limit, func(r *record, seq uint64) { r.Seq = seq })
}

// newRecord describes a delivered message, with what a bus node and Teranode make of its bytes.
func newRecord(kind, topic, from, via, shownName string, env teranode.Envelope, raw []byte) record {
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
	return r
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

// newMalformedLog keeps every entry: any entry at all is a test failure on the paths that use
// it, so it stays short.
func newMalformedLog() *records.Log[malformedRecord] {
	return records.New(0, func(r *malformedRecord, seq uint64) { r.Seq = seq })
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
