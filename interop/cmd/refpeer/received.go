package main

import (
	"bytes"
	"time"

	"github.com/teranode-p2p-ts/interop/internal/records"
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

func newReceivedLog(limit int) *records.Log[record] {
	return records.New(limit, func(r *record, seq uint64) { r.Seq = seq })
}

// keep records a message another peer sent us, with what the reference makes of it.
func (p *refPeer) keep(kind, topic, from string, data []byte) {
	r := record{Kind: kind, Topic: topic, From: from, Data: data, ReceivedAtMs: time.Now().UnixMilli()}
	if reencoded, err := wire.Reencode(kind, data); err != nil {
		r.DecodeError = err.Error()
	} else {
		equal := bytes.Equal(reencoded, data)
		r.Reencoded, r.RoundTripEqual = reencoded, &equal
	}
	p.received.Add(kind, r)
}
