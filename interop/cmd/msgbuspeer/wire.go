package main

import (
	"bytes"
	"encoding/json"
	"fmt"
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

// envelope is the gossip payload every message-bus node publishes. encoding/json writes the
// fields in declaration order and a []byte as standard padded base64, so marshalling this gives
// the bus's exact bytes: no spaces, no trailing newline, and <, >, & in the name escaped as
// \u003c, \u003e, \u0026 (json.Marshal's HTML escaping, which the bus leaves on).
type envelope struct {
	Name string `json:"name"`
	Data []byte `json:"data"`
}

// The inner payloads as Teranode declares them. The three announcement structs carry no JSON
// tags on purpose: their keys are the Go field names, in this order. node_status is the only one
// with snake_case tags and omitempty fields. Field order matters for byte equality.
type blockMessage struct {
	PeerID     string
	ClientName string
	DataHubURL string
	Hash       string
	Height     uint32
	Header     string
	Coinbase   string
}

type subtreeMessage struct {
	PeerID     string
	ClientName string
	DataHubURL string
	Hash       string
}

type rejectedTxMessage struct {
	PeerID     string
	ClientName string
	TxID       string
	Reason     string
}

type feeAmount struct {
	Satoshis uint64 `json:"satoshis"`
	Bytes    uint64 `json:"bytes"`
}

type feePolicy struct {
	MiningFee               feeAmount `json:"miningFee"`
	MaxScriptSizePolicy     uint64    `json:"maxscriptsizepolicy"`
	MaxTxSizePolicy         uint64    `json:"maxtxsizepolicy"`
	MaxTxSigopsCountsPolicy uint64    `json:"maxtxsigopscountspolicy"`
}

type nodeStatusMessage struct {
	PeerID              string     `json:"peer_id"`
	ClientName          string     `json:"client_name"`
	Type                string     `json:"type"`
	BaseURL             string     `json:"base_url"`
	PropagationURL      string     `json:"propagation_url,omitempty"`
	Version             string     `json:"version"`
	CommitHash          string     `json:"commit_hash"`
	BestBlockHash       string     `json:"best_block_hash"`
	BestHeight          uint32     `json:"best_height"`
	TxCount             uint64     `json:"tx_count,omitempty"`
	SubtreeCount        uint32     `json:"subtree_count,omitempty"`
	FSMState            string     `json:"fsm_state"`
	StartTime           int64      `json:"start_time"`
	Uptime              float64    `json:"uptime"`
	MinerName           string     `json:"miner_name"`
	ListenMode          string     `json:"listen_mode"`
	ChainWork           string     `json:"chain_work"`
	SyncPeerID          string     `json:"sync_peer_id,omitempty"`
	SyncPeerHeight      uint32     `json:"sync_peer_height,omitempty"`
	SyncPeerBlockHash   string     `json:"sync_peer_block_hash,omitempty"`
	SyncConnectedAt     int64      `json:"sync_connected_at,omitempty"`
	MinMiningTxFee      *float64   `json:"min_mining_tx_fee,omitempty"`
	FeePolicy           *feePolicy `json:"fee_policy,omitempty"`
	ConnectedPeersCount int        `json:"connected_peers_count,omitempty"`
	Storage             string     `json:"storage,omitempty"`
}

func newInner(kind string) (any, error) {
	switch kind {
	case kindBlock:
		return &blockMessage{}, nil
	case kindSubtree:
		return &subtreeMessage{}, nil
	case kindNodeStatus:
		return &nodeStatusMessage{}, nil
	case kindRejectedTx:
		return &rejectedTxMessage{}, nil
	}
	return nil, fmt.Errorf("unknown kind %q (want one of %v)", kind, kinds)
}

// setIdentity fills the fields a Teranode node always sets from its own identity, leaving any
// value the caller gave alone, so a test can send a spoofed PeerID on purpose.
func setIdentity(msg any, peerID, clientName string) {
	fill := func(field *string, value string) {
		if *field == "" {
			*field = value
		}
	}
	switch m := msg.(type) {
	case *blockMessage:
		fill(&m.PeerID, peerID)
		fill(&m.ClientName, clientName)
	case *subtreeMessage:
		fill(&m.PeerID, peerID)
		fill(&m.ClientName, clientName)
	case *rejectedTxMessage:
		fill(&m.PeerID, peerID)
		fill(&m.ClientName, clientName)
	case *nodeStatusMessage:
		fill(&m.PeerID, peerID)
		fill(&m.ClientName, clientName)
		fill(&m.Type, "node_status")
	}
}

func forcePeerID(msg any, peerID string) {
	switch m := msg.(type) {
	case *blockMessage:
		m.PeerID = peerID
	case *subtreeMessage:
		m.PeerID = peerID
	case *rejectedTxMessage:
		m.PeerID = peerID
	case *nodeStatusMessage:
		m.PeerID = peerID
	}
}

// reencodeInner decodes inner bytes the way a Teranode node does (encoding/json into the kind's
// struct) and encodes the result again. Equal bytes show the sender encodes like Go does.
func reencodeInner(kind string, inner []byte) ([]byte, error) {
	msg, err := newInner(kind)
	if err != nil {
		return nil, err
	}
	if err := json.Unmarshal(inner, msg); err != nil {
		return nil, err
	}
	return json.Marshal(msg)
}

// decodeEnvelope mirrors the bus's receive path: a plain json.Unmarshal into the envelope
// struct. Anything it accepts is delivered (even `{}` or `null`, with empty data); anything it
// rejects is what the bus counts as malformed.
func decodeEnvelope(raw []byte) (envelope, error) {
	var e envelope
	err := json.Unmarshal(raw, &e)
	return e, err
}

// envelopeMatchesBus reports whether raw is byte for byte what a bus node would have produced for
// the decoded name and data.
func envelopeMatchesBus(raw []byte, e envelope) ([]byte, bool) {
	again, err := json.Marshal(e)
	if err != nil {
		return nil, false
	}
	return again, bytes.Equal(again, raw)
}
