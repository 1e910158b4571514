// Command refpeer is a spec-era reference peer of the Teranode P2P network, built directly on
// go-libp2p, go-libp2p-pubsub and go-libp2p-kad-dht the way the reference used them. Tests put it
// beside our TS node to prove wire compatibility; the benchmark runs three of them. It is driven
// over the JSON-lines control channel of interop/internal/control (stdout); it logs to stderr.
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
		fmt.Fprintln(os.Stderr, "refpeer:", err)
		os.Exit(2)
	}
	p, err := startRefPeer(cfg)
	if err != nil {
		fmt.Fprintln(os.Stderr, "refpeer:", err)
		os.Exit(1)
	}

	go func() {
		signals := make(chan os.Signal, 1)
		signal.Notify(signals, os.Interrupt, syscall.SIGTERM)
		<-signals
		p.close()
		os.Exit(0)
	}()

	methods := p.methods()
	methods["stop"] = func(json.RawMessage) (any, error) {
		p.close()
		// The control channel writes this reply only after the handler returns, so the exit
		// waits a moment for it; closing stdin (the driver's usual stop) needs no such grace.
		time.AfterFunc(200*time.Millisecond, func() { os.Exit(0) })
		return nil, nil
	}

	ch := control.New()
	ch.Ready(p.ready())
	ch.Serve(os.Stdin, methods)
	p.close()
}
