package main

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/teranode-p2p-ts/interop/internal/teranode"
	"github.com/teranode-p2p-ts/interop/internal/wire"
)

// The four gossip kinds of the teranode profile. The kind name is also the topic suffix:
// topics are teranode/bitcoin/1.0.0/<network>-<kind>.
const (
	kindBlock      = "block"
	kindSubtree    = "subtree"
	kindNodeStatus = "node_status"
	kindRejectedTx = "rejected_tx"
)

var kinds = []string{kindBlock, kindSubtree, kindNodeStatus, kindRejectedTx}

func topicName(network, kind string) string {
	return "teranode/bitcoin/1.0.0/" + network + "-" + kind
}

// innerMessage is an inner payload struct, with the identity fields every one of them carries.
type innerMessage interface {
	Identity() (peerID, clientName *string)
}

func newInner(kind string) (innerMessage, error) {
	switch kind {
	case kindBlock:
		return &teranode.BlockMessage{}, nil
	case kindSubtree:
		return &teranode.SubtreeMessage{}, nil
	case kindNodeStatus:
		return &teranode.NodeStatusMessage{}, nil
	case kindRejectedTx:
		return &teranode.RejectedTxMessage{}, nil
	}
	return nil, fmt.Errorf("unknown kind %q (want one of %v)", kind, kinds)
}

// setIdentity fills the fields a Teranode node always sets from its own identity, leaving any
// value the caller gave alone, so a test can send a spoofed PeerID on purpose.
func setIdentity(msg innerMessage, peerID, clientName string) {
	fill := func(field *string, value string) {
		if *field == "" {
			*field = value
		}
	}
	id, name := msg.Identity()
	fill(id, peerID)
	fill(name, clientName)
	if m, ok := msg.(*teranode.NodeStatusMessage); ok {
		fill(&m.Type, "node_status")
	}
}

func forcePeerID(msg innerMessage, peerID string) {
	id, _ := msg.Identity()
	*id = peerID
}

// reencodeInner decodes inner bytes the way a Teranode node does (encoding/json into the kind's
// struct) and encodes the result again. Equal bytes show the sender encodes like Go does.
func reencodeInner(kind string, inner []byte) ([]byte, error) {
	msg, err := newInner(kind)
	if err != nil {
		return nil, err
	}
	return wire.RoundTrip(msg, inner)
}

// decodeEnvelope mirrors the bus's receive path: a plain json.Unmarshal into the envelope
// struct. Anything it accepts is delivered (even `{}` or `null`, with empty data); anything it
// rejects is what the bus counts as malformed.
func decodeEnvelope(raw []byte) (teranode.Envelope, error) {
	var e teranode.Envelope
	err := json.Unmarshal(raw, &e)
	return e, err
}

// envelopeMatchesBus reports whether raw is byte for byte what a bus node would have produced for
// the decoded name and data.
func envelopeMatchesBus(raw []byte, e teranode.Envelope) ([]byte, bool) {
	again, err := json.Marshal(e)
	if err != nil {
		return nil, false
	}
	return again, bytes.Equal(again, raw)
}
