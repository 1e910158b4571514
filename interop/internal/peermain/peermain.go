// Package peermain is the process around a Go test peer: it parses the flags, starts the peer,
// prints the ready line and serves the control channel (interop/internal/control) until stdin
// closes, a signal arrives or the driver calls stop. Every test peer must stop the same ways,
// or a crashed test run would leave some kind of peer behind.
package peermain

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

// Peer is a started test peer as the control channel sees it.
type Peer interface {
	// Methods are the peer's control requests; Run adds stop.
	Methods() control.Methods
	// Ready is what the ready line carries.
	Ready() any
	// Close stops the peer; it may be called more than once.
	Close()
}

// Run parses the arguments with parse, starts the peer with start and serves it until stdin
// closes; the other ways out exit the process. A bad flag exits with 2 and a failed start with 1, both before the ready line, so a driver sees
// the process end instead of waiting for a line that never comes.
func Run[C any, P Peer](name string, parse func(args []string) (C, error), start func(C) (P, error)) {
	cfg, err := parse(os.Args[1:])
	if errors.Is(err, flag.ErrHelp) {
		os.Exit(0)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, name+":", err)
		os.Exit(2)
	}
	p, err := start(cfg)
	if err != nil {
		fmt.Fprintln(os.Stderr, name+":", err)
		os.Exit(1)
	}

	go func() {
		signals := make(chan os.Signal, 1)
		signal.Notify(signals, os.Interrupt, syscall.SIGTERM)
		<-signals
		p.Close()
		os.Exit(0)
	}()

	methods := p.Methods()
	methods["stop"] = func(json.RawMessage) (any, error) {
		p.Close()
		// The control channel writes this reply only after the handler returns, so the exit
		// waits a moment for it; closing stdin (the driver's usual stop) needs no such grace.
		time.AfterFunc(200*time.Millisecond, func() { os.Exit(0) })
		return nil, nil
	}

	ch := control.New()
	ch.Ready(p.Ready())
	ch.Serve(os.Stdin, methods)
	p.Close()
}

// LogPrefix tells the peers of one test apart in a shared log by the tail of their id.
func LogPrefix(name, id string) string {
	return name + " " + id[max(0, len(id)-6):] + " "
}
