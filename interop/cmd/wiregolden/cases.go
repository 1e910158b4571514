package main

import (
	"math"
	"strings"

	"github.com/teranode-p2p-ts/interop/internal/teranode"
)

const (
	peer   = "12D3KooWJ4vDzYBkW9zsBNmQn2VN4mXKyvBx6pJK8Wq3Lx1Dk7aR"
	hashA  = "000000000000000003a8c5b1b7e9c2d7f0a1e4c3b2a1908f7e6d5c4b3a291807"
	hashB  = "7f3e2d1c0b0a09080706050403020100ffeeddccbbaa99887766554433221100"
	header = "00000020" + "0718293a4b5c6d7e8f90a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8091a2b3c" +
		"4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c" + "ffff001d" + "1dac2b7c" + "00000000"
)

func ptr(v float64) *float64 { return &v }

func writeCases() {
	writePayloads()
	writeNodeStatuses()
	writeEnvelopes()
	writeDecodes()
	for _, v := range []float64{0, math.Copysign(0, -1), 0.1, 1e-7, 1e-6, 9.99e-7, 12345.678, 1e20, 1e21,
		123456789012345678901, 1.5e300, 5e-324, math.MaxFloat64, -2.5e-8, 1, 100, 3.14159, 0.00005, 86400.123456789} {
		floatVector(v)
	}
}

func writePayloads() {
	b := teranode.BlockMessage{PeerID: peer, ClientName: "teranode-mainnet-1", DataHubURL: "https://teranode.example.com/api/v1",
		Hash: hashA, Height: 912345, Header: header}
	payload("block", "typical", "teranode-mainnet-1", b, blockValue(b))
	b = teranode.BlockMessage{PeerID: peer, ClientName: "x", Hash: hashB}
	payload("block", "zero values", "x", b, blockValue(b))
	b = teranode.BlockMessage{PeerID: peer, ClientName: "edge", DataHubURL: "https://node.example/api/v1?a=1&b=<2>",
		Hash: hashA, Height: math.MaxUint32, Header: header, Coinbase: "01000000010000"}
	payload("block", "html characters in a url, largest height", "edge", b, blockValue(b))
	b = teranode.BlockMessage{PeerID: peer, ClientName: "Téranode <b>&\"'`\n", DataHubURL: "http://203.0.113.9:8090/api/v1",
		Hash: strings.ToUpper(hashA), Height: 7, Header: strings.ToUpper(header), Coinbase: "not hex"}
	payload("block", "display text and hex to normalise", "teranode-odd", b, blockValue(b))

	s := teranode.SubtreeMessage{PeerID: peer, ClientName: "teranode-testnet", DataHubURL: "https://t.example/api/v1", Hash: hashB}
	payload("subtree", "typical", "teranode-testnet", s, subtreeValue(s))
	s = teranode.SubtreeMessage{PeerID: peer, ClientName: "日本 🚀 node", Hash: hashA}
	payload("subtree", "unicode client name", "node", s, subtreeValue(s))

	r := teranode.RejectedTxMessage{PeerID: peer, ClientName: "teranode", TxID: hashA, Reason: "missing inputs"}
	payload("rejectedTx", "typical", "teranode", r, rejectedTxValue(r))
	r = teranode.RejectedTxMessage{PeerID: peer, ClientName: "teranode", TxID: hashB,
		Reason: "script failed: <OP_EQUALVERIFY> & \"quoted\" 'single' \u2028 ünïcode"}
	payload("rejectedTx", "html characters and unicode in a reason", "teranode", r, rejectedTxValue(r))
	r = teranode.RejectedTxMessage{PeerID: peer, ClientName: "teranode", TxID: hashB, Reason: strings.Repeat("too long ", 200)}
	payload("rejectedTx", "reason over 1024 characters", "teranode", r, rejectedTxValue(r))
}

func writeNodeStatuses() {
	full := teranode.NodeStatusMessage{PeerID: peer, ClientName: "teranode-mainnet-1", Type: "node_status",
		BaseURL: "https://teranode.example.com", PropagationURL: "https://teranode.example.com:8833",
		Version: "v0.12.3", CommitHash: "a1b2c3d", BestBlockHash: hashA, BestHeight: 912345,
		TxCount: math.MaxUint64, SubtreeCount: 17, FSMState: "RUNNING", StartTime: 1764633600, Uptime: 12345.678,
		MinerName: "/TAAL/", ListenMode: "full", ChainWork: "0000000000000000000000000000000000000001623a8c5b1b7e9c2d7f0a1e4c",
		SyncPeerID: "12D3KooWSyncPeer", SyncPeerHeight: 912346, SyncPeerBlockHash: hashB, SyncConnectedAt: 1764633700,
		MinMiningTxFee: ptr(0.000005), FeePolicy: &teranode.FeePolicy{MiningFee: teranode.FeeAmount{Satoshis: 500, Bytes: 1000},
			MaxScriptSizePolicy: 500000000, MaxTxSizePolicy: 10000000000, MaxTxSigopsCountsPolicy: math.MaxUint64},
		ConnectedPeersCount: 12, LegacyConnectedPeersCount: 3, Storage: "full"}
	payload("nodeStatus", "every member", "teranode-mainnet-1", full, nodeStatusValue(full))

	minimal := teranode.NodeStatusMessage{PeerID: peer, ClientName: "quiet", Type: "node_status", FSMState: "IDLE",
		ListenMode: "listen_only"}
	payload("nodeStatus", "omitempty members left out", "quiet", minimal, nodeStatusValue(minimal))

	for i, f := range [][2]float64{{0.1, 0}, {1e-7, 1e21}, {1e21, 5e-324}, {math.Copysign(0, -1), 12345.678},
		{9.99e-7, 1e-6}, {123456789.123, math.MaxFloat64}} {
		m := minimal
		m.Uptime, m.MinMiningTxFee = f[0], ptr(f[1])
		m.StartTime, m.ConnectedPeersCount = -int64(i), -i
		payload("nodeStatus", "floats "+string(rune('a'+i)), "quiet", m, nodeStatusValue(m))
	}

	odd := teranode.NodeStatusMessage{PeerID: peer, ClientName: "<script>alert(1)</script>", Type: "other",
		BaseURL: "https://n.example/?q=<x>&y", Version: "v1.0 ✓", CommitHash: "abc\ndef", BestBlockHash: "abc",
		FSMState: "RUNNING\u202e", ListenMode: "weird", ChainWork: "xyz", SyncPeerID: "peer\"id'",
		SyncPeerBlockHash: strings.Repeat("a", 65), Storage: "huge", FeePolicy: &teranode.FeePolicy{}}
	payload("nodeStatus", "display text, hex and enums to normalise", "odd", odd, nodeStatusValue(odd))
}

func writeEnvelopes() {
	data := []byte(`{"PeerID":"x"}`)
	for _, name := range []string{"teranode-mainnet-1", "<>&", "quote \" backslash \\ slash /", "ünï 日本 🚀",
		"\u2028\u2029", "ctrl\x01\x1f\n\t\r\x7f", "", "bidi \u202e tricks \u200f", strings.Repeat("é", 40),
		strings.Repeat("\x01", 250) + "日本語", strings.Repeat("n", 300)} {
		envelopeVector(name, data)
	}
	for _, d := range [][]byte{{}, {0}, {0xff, 0xfe}, {1, 2, 3}, []byte("<>&"), make([]byte, 1000)} {
		envelopeVector("sizes", d)
	}
}

func writeDecodes() {
	for _, in := range []string{
		`{"name":"a","data":"eyJ9"}`, `{"NAME":"a","DaTa":"eyJ9"}`, `{"name":"a","data":"eyJ9","extra":[1,{"x":2}]}`,
		`{"data":"eyJ9"}`, `{}`, `null`, `{"name":"a","data":""}`, `{"name":"a","data":null}`, `{"name":null,"data":"eA=="}`,
		`{"name":"a","data":"eyJ9\n"}`, `{"name":"a","data":"ey\r\nJ9"}`, `{"name":"a","data":"eA"}`, `{"name":"a","data":"eA=="}`,
		`{"name":"a","data":"eB=="}`, `{"name":"a","data":"eHk="}`, `{"name":"a","data":"eHl="}`, `{"name":"a","data":"-_-_"}`,
		`{"name":"a","data":"eA==eA=="}`, `{"name":"a","data":"e==="}`, `{"name":"a","data":"===="}`,
		`{"name":1,"data":"eA=="}`, `{"name":"a","data":5}`, `{"name":"a","data":[120,121]}`, `{"name":"a","data":[256]}`,
		`{"name":"a","data":[1.5]}`, `{"name":"a","data":[null,1]}`, `{"name":"a","data":"eA=="} x`, `[1]`, `"str"`, `5`,
		`{"name":"a\u0000b","data":"eA=="}`, "\xef\xbb\xbf{\"name\":\"a\",\"data\":\"eA==\"}", `{"name":"\ud800x","data":"eA=="}`,
		"{\"name\":\"a\xffb\",\"data\":\"eA==\"}", ` {"name":"a","data":"eA=="} `, `{"name":"a","data":"eA=="`,
		`{"name":"a","data":"eA==","data":"eQ=="}`,
	} {
		unmarshalEnvelope(in)
	}
	p := `"peer_id":"` + peer + `"`
	for _, in := range []string{
		`{"PEER_ID":"` + peer + `","Best_Height":5,"UPTIME":1.5,"Client_Name":"n"}`, `{` + p + `,"best_height":1.0}`,
		`{` + p + `,"best_height":-1}`, `{` + p + `,"best_height":4294967296}`, `{` + p + `,"best_height":null}`,
		`{` + p + `,"uptime":1e400}`, `{` + p + `,"uptime":1e-400}`, `{` + p + `,"uptime":-0}`, `{` + p + `,"uptime":"1"}`,
		`{` + p + `,"tx_count":18446744073709551615}`, `{` + p + `,"tx_count":18446744073709551616}`,
		`{` + p + `,"start_time":-5}`, `{` + p + `,"start_time":1e3}`, `{` + p + `,"sync_peer_height":-1}`,
		`{` + p + `,"min_mining_tx_fee":null}`, `{` + p + `,"min_mining_tx_fee":0}`, `{` + p + `,"min_mining_tx_fee":-0.5}`,
		`{` + p + `,"fee_policy":null}`, `{` + p + `,"fee_policy":{}}`, `{` + p + `,"fee_policy":[]}`,
		`{` + p + `,"fee_policy":{"MININGFEE":{"SATOSHIS":5},"maxtxsizepolicy":9},"FEE_POLICY":{"maxtxsizepolicy":7}}`,
		`{` + p + `,"fee_policy":{"miningFee":null,"maxscriptsizepolicy":-1}}`, `{` + p + `,"type":5}`,
		`{` + p + `,"type":"other","unknown":{"deep":[1,2]}}`, `{` + p + `,"connected_peers_count":-3}`,
		`{` + p + `,"storage":"pruned","listen_mode":"silent","chain_work":"ABCDEF"}`, `{` + p + `,"peer_id":null}`,
	} {
		unmarshalNodeStatus(in)
	}
}
