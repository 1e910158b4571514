// Command wiregolden prints golden vectors of the teranode wire profile as JSON lines on stdout:
// the exact bytes Go's encoding/json writes for Teranode-shaped payloads and the message bus's
// envelope, and what Go's json.Unmarshal makes of hostile input. interop/test/teranode-goldens
// compares our TypeScript codecs with them, byte for byte.
//
// Every line is one object with a "vector" member naming its kind. Values cross to TypeScript
// without loss: integers as decimal strings, float64s as "f64:<IEEE-754 bits in hex>", bytes as
// standard base64, nil pointers left out.
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/teranode-p2p-ts/interop/internal/teranode"
)

var out = bufio.NewWriter(os.Stdout)

func emit(line map[string]any) {
	b, err := json.Marshal(line)
	if err != nil {
		fmt.Fprintln(os.Stderr, "wiregolden:", err)
		os.Exit(1)
	}
	out.Write(b)
	out.WriteByte('\n')
}

func mustMarshal(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		fmt.Fprintln(os.Stderr, "wiregolden:", err)
		os.Exit(1)
	}
	return b
}

func f64(v float64) string { return fmt.Sprintf("f64:%016x", math.Float64bits(v)) }
func dec[T ~int | ~int64 | ~uint32](v T) string {
	return strconv.FormatInt(int64(v), 10)
}
func u64(v uint64) string { return strconv.FormatUint(v, 10) }

func blockValue(m teranode.BlockMessage) map[string]any {
	return map[string]any{"peerId": m.PeerID, "clientName": m.ClientName, "dataHubUrl": m.DataHubURL,
		"hash": m.Hash, "height": dec(m.Height), "header": m.Header, "coinbase": m.Coinbase}
}

func subtreeValue(m teranode.SubtreeMessage) map[string]any {
	return map[string]any{"peerId": m.PeerID, "clientName": m.ClientName, "dataHubUrl": m.DataHubURL, "hash": m.Hash}
}

func rejectedTxValue(m teranode.RejectedTxMessage) map[string]any {
	return map[string]any{"peerId": m.PeerID, "clientName": m.ClientName, "txId": m.TxID, "reason": m.Reason}
}

func nodeStatusValue(m teranode.NodeStatusMessage) map[string]any {
	v := map[string]any{
		"peerId": m.PeerID, "clientName": m.ClientName, "type": m.Type, "baseUrl": m.BaseURL,
		"propagationUrl": m.PropagationURL, "version": m.Version, "commitHash": m.CommitHash,
		"bestBlockHash": m.BestBlockHash, "bestHeight": dec(m.BestHeight), "txCount": u64(m.TxCount),
		"subtreeCount": dec(m.SubtreeCount), "fsmState": m.FSMState, "startTime": dec(m.StartTime),
		"uptime": f64(m.Uptime), "minerName": m.MinerName, "listenMode": m.ListenMode, "chainWork": m.ChainWork,
		"syncPeerId": m.SyncPeerID, "syncPeerHeight": dec(m.SyncPeerHeight), "syncPeerBlockHash": m.SyncPeerBlockHash,
		"syncConnectedAt": dec(m.SyncConnectedAt), "connectedPeersCount": dec(m.ConnectedPeersCount),
		"legacyConnectedPeersCount": dec(m.LegacyConnectedPeersCount), "storage": m.Storage,
	}
	if m.MinMiningTxFee != nil {
		v["minMiningTxFee"] = f64(*m.MinMiningTxFee)
	}
	if p := m.FeePolicy; p != nil {
		v["feePolicy"] = map[string]any{
			"miningFee":               map[string]any{"satoshis": u64(p.MiningFee.Satoshis), "bytes": u64(p.MiningFee.Bytes)},
			"maxScriptSizePolicy":     u64(p.MaxScriptSizePolicy),
			"maxTxSizePolicy":         u64(p.MaxTxSizePolicy),
			"maxTxSigopsCountsPolicy": u64(p.MaxTxSigopsCountsPolicy),
		}
	}
	return v
}

// payload prints the inner bytes of a message and the envelope a node named clientName wraps
// them in.
func payload(kind, name, clientName string, message any, value map[string]any) {
	inner := mustMarshal(message)
	emit(map[string]any{
		"vector": "payload", "kind": kind, "name": name, "value": value, "payload": inner,
		"envelope": mustMarshal(teranode.Envelope{Name: clientName, Data: inner}), "clientName": clientName,
	})
}

// displayName is the bus's rule for showing a sender's name: at most 256 bytes looked at,
// runes that are not printable dropped, the rest cut to 64 bytes on a rune boundary.
func displayName(name string) string {
	if len(name) > 256 {
		name = name[:256]
	}
	name = strings.Map(func(r rune) rune {
		if unicode.IsPrint(r) {
			return r
		}
		return -1
	}, name)
	if len(name) <= 64 {
		return name
	}
	cut := 64
	for cut > 0 && !utf8.RuneStart(name[cut]) {
		cut--
	}
	return name[:cut]
}

func envelopeVector(name string, data []byte) {
	emit(map[string]any{
		"vector": "envelope", "name": name, "data": data,
		"envelope": mustMarshal(teranode.Envelope{Name: name, Data: data}), "displayName": displayName(name),
	})
}

// unmarshalEnvelope records what the bus's json.Unmarshal makes of raw bytes.
func unmarshalEnvelope(input string) {
	var e teranode.Envelope
	line := map[string]any{"vector": "envelopeDecode", "input": []byte(input)}
	if err := json.Unmarshal([]byte(input), &e); err != nil {
		line["ok"], line["error"] = false, err.Error()
	} else {
		line["ok"], line["name"], line["data"] = true, e.Name, e.Data
	}
	emit(line)
}

// unmarshalNodeStatus records what Teranode's json.Unmarshal makes of a node_status payload.
func unmarshalNodeStatus(input string) {
	var m teranode.NodeStatusMessage
	line := map[string]any{"vector": "nodeStatusDecode", "input": []byte(input)}
	if err := json.Unmarshal([]byte(input), &m); err != nil {
		line["ok"], line["error"] = false, err.Error()
	} else {
		line["ok"], line["value"] = true, nodeStatusValue(m)
	}
	emit(line)
}

func floatVector(v float64) {
	emit(map[string]any{"vector": "float", "bits": f64(v), "text": string(mustMarshal(v))})
}

func main() {
	writeCases()
	if err := out.Flush(); err != nil {
		fmt.Fprintln(os.Stderr, "wiregolden:", err)
		os.Exit(1)
	}
}
