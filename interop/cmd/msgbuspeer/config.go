package main

import (
	"errors"
	"flag"
	"fmt"
	"strings"
	"time"

	"github.com/libp2p/go-libp2p/core/crypto"
	"github.com/libp2p/go-libp2p/core/peer"

	"github.com/teranode-p2p-ts/interop/internal/peerflags"
)

// config is what the flags say, parsed and checked before the ready line, so a bad flag fails
// the start instead of a later call. The defaults are the ones a Teranode node passes to the bus
// in a DHT-off test network (private IPs allowed), not the bus's own production defaults.
type config struct {
	listen          []string
	network         string
	name            string
	key             crypto.PrivKey
	staticPeers     []peer.AddrInfo
	bootstrapPeers  []peer.AddrInfo
	protocolVersion string
	allowPrivateIPs bool
	peerScoring     bool
	peerExchange    bool
	allowed         []peer.ID
	addrInterval    time.Duration
	minConns        int
	maxConns        int
	grace           time.Duration
	recordLimit     int
	events          bool
	debug           bool
}

func parseConfig(args []string) (config, error) {
	fs := flag.NewFlagSet("msgbuspeer", flag.ContinueOnError)
	listen := fs.String("listen", "/ip4/127.0.0.1/tcp/0", "listen multiaddrs, |-separated (the bus itself binds 0.0.0.0 and ::)")
	network := fs.String("network", "regtest", "network name: topics are teranode/bitcoin/1.0.0/<network>-<kind>")
	name := fs.String("name", "msgbuspeer", "client name, sent as the envelope's name")
	key := fs.String("key", "", "identity: hex of a 64-byte raw Ed25519 key (seed then public key), as Teranode's p2p_private_key, or of a libp2p protobuf private key; empty = generate")
	static := fs.String("static-peers", "", "multiaddrs with /p2p/<id>, |-separated: dialled, redialled, gossipsub direct peers")
	bootstrap := fs.String("bootstrap-peers", "", "multiaddrs with /p2p/<id>, |-separated: dialled, redialled, gossipsub direct peers (never the public IPFS list)")
	protocolVersion := fs.String("protocol-version", "", "identify protocol version; empty = /teranode/bitcoin/<network>/1.0.0")
	allowPrivate := fs.Bool("allow-private-ips", true, "false installs the bus's gater, which refuses loopback too")
	scoring := fs.Bool("peer-scoring", true, "gossipsub peer scoring with the bus's penalty-only defaults")
	px := fs.Bool("peer-exchange", true, "gossipsub peer exchange on PRUNE")
	allowed := fs.String("allowed-publishers", "", "peer ids, |-separated: only messages signed by these (and us, and static peers) are accepted; empty = all")
	addrInterval := fs.Duration("addr-exchange-interval", 15*time.Second, "how often to ask neighbours for the addresses of topic peers we are not connected to; 0 = never")
	minConns := fs.Int("min-connections", 25, "connection manager low water mark")
	maxConns := fs.Int("max-connections", 35, "connection manager high water mark")
	grace := fs.Duration("connection-grace", 20*time.Second, "connection manager grace period")
	recordLimit := fs.Int("record-limit", 100000, "received messages kept; the oldest are dropped beyond it")
	events := fs.Bool("events", false, "also write `event {json}` lines to stderr for each received or malformed message and each kept log line")
	debug := fs.Bool("debug", false, "print the bus's debug lines on stderr")
	if err := peerflags.Parse(fs, args); err != nil {
		return config{}, err
	}
	cfg := config{
		listen:          peerflags.SplitList(*listen),
		network:         *network,
		name:            *name,
		protocolVersion: *protocolVersion,
		allowPrivateIPs: *allowPrivate,
		peerScoring:     *scoring,
		peerExchange:    *px,
		addrInterval:    *addrInterval,
		minConns:        *minConns,
		maxConns:        *maxConns,
		grace:           *grace,
		recordLimit:     *recordLimit,
		events:          *events,
		debug:           *debug,
	}
	if len(cfg.listen) == 0 {
		return config{}, errors.New("-listen: no address")
	}
	if cfg.network == "" || strings.ContainsAny(cfg.network, "/ ") {
		return config{}, errors.New("-network: want a bare name such as regtest or mainnet")
	}
	if cfg.name == "" {
		return config{}, errors.New("-name: the bus refuses an empty name")
	}
	if cfg.protocolVersion == "" {
		cfg.protocolVersion = "/teranode/bitcoin/" + cfg.network + "/1.0.0"
	}
	if cfg.recordLimit < 1 || cfg.addrInterval < 0 || cfg.minConns < 0 || cfg.maxConns < cfg.minConns {
		return config{}, errors.New("-record-limit >= 1, -addr-exchange-interval >= 0, 0 <= -min-connections <= -max-connections")
	}
	var err error
	if cfg.key, err = peerflags.Key(*key, libp2pKey); err != nil {
		return config{}, err
	}
	if cfg.staticPeers, err = peerflags.AddrInfos("-static-peers", *static); err != nil {
		return config{}, err
	}
	if cfg.bootstrapPeers, err = peerflags.AddrInfos("-bootstrap-peers", *bootstrap); err != nil {
		return config{}, err
	}
	for _, s := range peerflags.SplitList(*allowed) {
		id, err := peer.Decode(s)
		if err != nil {
			return config{}, fmt.Errorf("-allowed-publishers %q: %w", s, err)
		}
		cfg.allowed = append(cfg.allowed, id)
	}
	return cfg, nil
}

// libp2pKey takes the bus's own PrivateKeyToHex format (libp2p's protobuf encoding) beside
// Teranode's raw Ed25519 key, so either kind of key file works.
func libp2pKey(raw []byte) (crypto.PrivKey, error) {
	key, err := crypto.UnmarshalPrivateKey(raw)
	if err != nil {
		return nil, fmt.Errorf("-key: neither a raw Ed25519 key nor a libp2p private key: %w", err)
	}
	return key, nil
}
