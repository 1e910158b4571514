// Command refpeer is a spec-era reference peer of the Teranode P2P network, built directly on
// go-libp2p, go-libp2p-pubsub and go-libp2p-kad-dht the way the reference used them. Tests put it
// beside our TS node to prove wire compatibility; the benchmark runs three of them. It is driven
// over the JSON-lines control channel of interop/internal/control (stdout); it logs to stderr.
package main

import "github.com/teranode-p2p-ts/interop/internal/peermain"

func main() {
	peermain.Run("refpeer", parseConfig, startRefPeer)
}
