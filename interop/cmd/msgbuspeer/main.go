// Command msgbuspeer is a Teranode peer of the `teranode` wire profile (October 2025 on): the
// gossip behaviour of github.com/bsv-blockchain/go-p2p-message-bus, configured as a Teranode node
// configures it with the DHT off and private IPs allowed. Tests put it beside our TS nodes to
// check the envelope bytes, the four topics both ways, node_status, the refusal of a spoofed
// author and the address exchange. It is driven over the JSON-lines control channel of
// interop/internal/control (stdout) and logs to stderr.
//
// The module proxy does not serve the library, so this program does not import it: it rebuilds
// the library's wire behaviour on go-libp2p and go-libp2p-pubsub from the facts recorded in
// docs/research/go-p2p-message-bus.md. Swap in the library's client if it becomes fetchable.
package main

import "github.com/teranode-p2p-ts/interop/internal/peermain"

func main() {
	peermain.Run("msgbuspeer", parseConfig, startBus)
}
