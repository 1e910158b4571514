// Package wire holds the spec-era gossip payloads as Go structs.
//
// The structs deliberately carry no json tags: encoding/json then writes every field under its Go
// name, in declaration order, zero values included, and reads keys case-insensitively. That is
// exactly the spec-era wire format, so a byte-for-byte comparison against json.Marshal of these
// structs is a compatibility proof, and reordering or renaming a field here breaks the wire.
package wire

// BestBlockMessage asks every peer to send its best block to PeerId over the direct stream.
type BestBlockMessage struct {
	PeerId string
}

// MiningOnMessage announces the block a node is mining on top of.
type MiningOnMessage struct {
	Hash         string
	PreviousHash string
	DataHubUrl   string
	PeerId       string
	Height       uint32
	Miner        string
	SizeInBytes  uint64
	TxCount      uint64
}

// BlockMessage announces a block; with PeerId empty it is the reply to a best-block request.
type BlockMessage struct {
	Hash       string
	Height     uint32
	DataHubUrl string
	PeerId     string
}

// SubtreeMessage announces a subtree.
type SubtreeMessage struct {
	Hash       string
	DataHubUrl string
	PeerId     string
}

// RejectedTxMessage reports a transaction the node's validator rejected.
type RejectedTxMessage struct {
	TxId   string
	Reason string
	PeerId string
}
