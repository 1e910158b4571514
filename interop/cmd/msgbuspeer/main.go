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

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/teranode-p2p-ts/interop/internal/control"
)

func main() {
	cfg, err := parseConfig(os.Args[1:])
	if errors.Is(err, flag.ErrHelp) {
		os.Exit(0)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "msgbuspeer:", err)
		os.Exit(2)
	}
	b, err := startBus(cfg)
	if err != nil {
		fmt.Fprintln(os.Stderr, "msgbuspeer:", err)
		os.Exit(1)
	}

	go func() {
		signals := make(chan os.Signal, 1)
		signal.Notify(signals, os.Interrupt, syscall.SIGTERM)
		<-signals
		b.close()
		os.Exit(0)
	}()

	methods := b.methods()
	methods["stop"] = func(json.RawMessage) (any, error) {
		b.close()
		// The reply is written after the handler returns; give it a moment before exiting.
		time.AfterFunc(200*time.Millisecond, func() { os.Exit(0) })
		return nil, nil
	}

	ch := control.New()
	ch.Ready(b.ready())
	ch.Serve(os.Stdin, methods)
	b.close()
}
