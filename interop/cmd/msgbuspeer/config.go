package main

import (
	"crypto/ed25519"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"strings"
	"time"

	"github.com/libp2p/go-libp2p/core/crypto"
	"github.com/libp2p/go-libp2p/core/peer"
	ma "github.com/multiformats/go-multiaddr"
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
	if err := fs.Parse(args); err != nil {
		return config{}, err
	}
	if fs.NArg() > 0 {
		return config{}, fmt.Errorf("unexpected arguments: %v", fs.Args())
	}
	cfg := config{
		listen:          splitList(*listen),
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
	if cfg.key, err = parseKey(*key); err != nil {
		return config{}, err
	}
	if cfg.staticPeers, err = parseAddrInfos(splitList(*static)); err != nil {
		return config{}, fmt.Errorf("-static-peers: %w", err)
	}
	if cfg.bootstrapPeers, err = parseAddrInfos(splitList(*bootstrap)); err != nil {
		return config{}, fmt.Errorf("-bootstrap-peers: %w", err)
	}
	for _, s := range splitList(*allowed) {
		id, err := peer.Decode(s)
		if err != nil {
			return config{}, fmt.Errorf("-allowed-publishers %q: %w", s, err)
		}
		cfg.allowed = append(cfg.allowed, id)
	}
	return cfg, nil
}

// splitList reads Teranode's multi-value settings: `|`-separated, blanks ignored.
func splitList(s string) []string {
	var out []string
	for _, part := range strings.Split(s, "|") {
		if part = strings.TrimSpace(part); part != "" {
			out = append(out, part)
		}
	}
	return out
}

// parseKey takes Teranode's p2p_private_key format (raw 64-byte Ed25519, hex) and also the bus's
// own PrivateKeyToHex format (libp2p's protobuf encoding, hex), so either kind of key file works.
func parseKey(s string) (crypto.PrivKey, error) {
	if s == "" {
		key, _, err := crypto.GenerateEd25519Key(rand.Reader)
		return key, err
	}
	raw, err := hex.DecodeString(s)
	if err != nil {
		return nil, errors.New("-key: not hex")
	}
	if len(raw) == ed25519.PrivateKeySize {
		// go-libp2p takes the public half on trust; a mismatched one would sign as someone else.
		if !ed25519.NewKeyFromSeed(raw[:ed25519.SeedSize]).Equal(ed25519.PrivateKey(raw)) {
			return nil, errors.New("-key: the public key half does not belong to the seed")
		}
		return crypto.UnmarshalEd25519PrivateKey(raw)
	}
	key, err := crypto.UnmarshalPrivateKey(raw)
	if err != nil {
		return nil, fmt.Errorf("-key: neither a raw Ed25519 key nor a libp2p private key: %w", err)
	}
	return key, nil
}

func parseAddrInfos(addresses []string) ([]peer.AddrInfo, error) {
	addrs := make([]ma.Multiaddr, 0, len(addresses))
	for _, s := range addresses {
		addr, err := ma.NewMultiaddr(s)
		if err != nil {
			return nil, fmt.Errorf("%q: %w", s, err)
		}
		addrs = append(addrs, addr)
	}
	return peer.AddrInfosFromP2pAddrs(addrs...)
}
