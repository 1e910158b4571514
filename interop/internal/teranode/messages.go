// Package teranode holds Go structs of the same shape as the payloads on a teranode network and
// the message bus's envelope around them: field order, JSON tags, Go types and omitempty as
// recorded in docs/research/teranode-payloads.md (newest revision). encoding/json writes members
// in declaration order, so the order here is part of the bytes: wiregolden's golden vectors and
// msgbuspeer's "does Teranode re-encode this unchanged" both depend on it.
//
// json.Unmarshal's errors name these types (NodeStatusMessage.best_height, teranode.FeePolicy),
// so renaming one changes the error text both programs print.
package teranode

// Envelope is the message bus's payload: the sender's name and the inner bytes. encoding/json
// writes a []byte as standard padded base64 and escapes <, >, & in the name as \u003c, \u003e,
// \u0026, which is what the bus sends.
type Envelope struct {
	Name string `json:"name"`
	Data []byte `json:"data"`
}

// The three announcements carry no tags on purpose: keys are the Go field names, every field
// present.
type BlockMessage struct {
	PeerID     string
	ClientName string
	DataHubURL string
	Hash       string
	Height     uint32
	Header     string
	Coinbase   string
}

type SubtreeMessage struct {
	PeerID     string
	ClientName string
	DataHubURL string
	Hash       string
}

type RejectedTxMessage struct {
	PeerID     string
	ClientName string
	TxID       string
	Reason     string
}

type FeeAmount struct {
	Satoshis uint64 `json:"satoshis"`
	Bytes    uint64 `json:"bytes"`
}

// FeePolicy has no omitempty: inside a present fee_policy every member is written.
type FeePolicy struct {
	MiningFee               FeeAmount `json:"miningFee"`
	MaxScriptSizePolicy     uint64    `json:"maxscriptsizepolicy"`
	MaxTxSizePolicy         uint64    `json:"maxtxsizepolicy"`
	MaxTxSigopsCountsPolicy uint64    `json:"maxtxsigopscountspolicy"`
}

// NodeStatusMessage is the only payload with snake_case tags and omitempty members.
type NodeStatusMessage struct {
	PeerID                    string     `json:"peer_id"`
	ClientName                string     `json:"client_name"`
	Type                      string     `json:"type"`
	BaseURL                   string     `json:"base_url"`
	PropagationURL            string     `json:"propagation_url,omitempty"`
	Version                   string     `json:"version"`
	CommitHash                string     `json:"commit_hash"`
	BestBlockHash             string     `json:"best_block_hash"`
	BestHeight                uint32     `json:"best_height"`
	TxCount                   uint64     `json:"tx_count,omitempty"`
	SubtreeCount              uint32     `json:"subtree_count,omitempty"`
	FSMState                  string     `json:"fsm_state"`
	StartTime                 int64      `json:"start_time"`
	Uptime                    float64    `json:"uptime"`
	MinerName                 string     `json:"miner_name"`
	ListenMode                string     `json:"listen_mode"`
	ChainWork                 string     `json:"chain_work"`
	SyncPeerID                string     `json:"sync_peer_id,omitempty"`
	SyncPeerHeight            uint32     `json:"sync_peer_height,omitempty"`
	SyncPeerBlockHash         string     `json:"sync_peer_block_hash,omitempty"`
	SyncConnectedAt           int64      `json:"sync_connected_at,omitempty"`
	MinMiningTxFee            *float64   `json:"min_mining_tx_fee,omitempty"`
	FeePolicy                 *FeePolicy `json:"fee_policy,omitempty"`
	ConnectedPeersCount       int        `json:"connected_peers_count,omitempty"`
	LegacyConnectedPeersCount int        `json:"legacy_connected_peers_count,omitempty"`
	Storage                   string     `json:"storage,omitempty"`
}

// Identity gives the sender fields every payload carries, so a test peer can fill them from its
// own identity or overwrite the peer id to spoof another node.
func (m *BlockMessage) Identity() (peerID, clientName *string) {
	return &m.PeerID, &m.ClientName
}

func (m *SubtreeMessage) Identity() (peerID, clientName *string) {
	return &m.PeerID, &m.ClientName
}

func (m *RejectedTxMessage) Identity() (peerID, clientName *string) {
	return &m.PeerID, &m.ClientName
}

func (m *NodeStatusMessage) Identity() (peerID, clientName *string) {
	return &m.PeerID, &m.ClientName
}
