package wire

import (
	"encoding/json"
	"fmt"
)

// Kind names a gossip topic the way the test drivers do; Suffix is the spec-era topic setting
// that follows "<prefix>-" in the full topic name.
type Kind struct {
	Name   string
	Suffix string
	// New returns a pointer to a zero payload of this kind, ready for json.Unmarshal.
	New func() any
}

// Kind names used on the control channel and in recorded messages.
const (
	KindBestBlock  = "bestBlock"
	KindBlock      = "block"
	KindSubtree    = "subtree"
	KindMiningOn   = "miningOn"
	KindRejectedTx = "rejectedTx"
	// KindDirect is the best-block reply on the direct stream; it carries a BlockMessage.
	KindDirect = "direct"
)

// Kinds are the five gossip topics in a stable order.
var Kinds = []Kind{
	{Name: KindBestBlock, Suffix: "bestblock", New: func() any { return &BestBlockMessage{} }},
	{Name: KindBlock, Suffix: "block", New: func() any { return &BlockMessage{} }},
	{Name: KindSubtree, Suffix: "subtree", New: func() any { return &SubtreeMessage{} }},
	{Name: KindMiningOn, Suffix: "miningon", New: func() any { return &MiningOnMessage{} }},
	{Name: KindRejectedTx, Suffix: "rejected_tx", New: func() any { return &RejectedTxMessage{} }},
}

// TopicName joins prefix and suffix the way the reference did: a single "-".
func TopicName(prefix, suffix string) string {
	return prefix + "-" + suffix
}

// NewPayload returns a zero payload for a gossip kind or for "direct".
func NewPayload(kind string) (any, error) {
	if kind == KindDirect {
		return &BlockMessage{}, nil
	}
	for _, k := range Kinds {
		if k.Name == kind {
			return k.New(), nil
		}
	}
	return nil, fmt.Errorf("unknown kind %q", kind)
}

// Reencode decodes raw into the kind's struct and encodes it again with encoding/json, which is
// what a reference node would produce from the same message.
func Reencode(kind string, raw []byte) ([]byte, error) {
	payload, err := NewPayload(kind)
	if err != nil {
		return nil, err
	}
	return RoundTrip(payload, raw)
}

// RoundTrip decodes raw into payload (a pointer to a zero struct) and encodes it again, the way
// a Go node reads and would resend it: raw back unchanged means its sender encodes as Go does.
func RoundTrip(payload any, raw []byte) ([]byte, error) {
	if err := json.Unmarshal(raw, payload); err != nil {
		return nil, err
	}
	return json.Marshal(payload)
}
