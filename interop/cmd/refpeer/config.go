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

// config is what the flags say, already parsed and checked, so that a bad flag stops the program
// before it prints its ready line.
type config struct {
	listen            []string
	psk               []byte
	key               crypto.PrivKey
	bootstrap         []peer.AddrInfo
	topicPrefix       string
	dht               bool
	dhtPrefix         string
	directProtocol    string
	discoveryInterval time.Duration
	bench             bool
	floodPublish      bool
	outboundQueue     int
	validateQueue     int
	recordLimit       int
	dataHubURL        string
}

func parseConfig(args []string) (config, error) {
	fs := flag.NewFlagSet("refpeer", flag.ContinueOnError)
	listen := fs.String("listen", "/ip4/127.0.0.1/tcp/0", "listen multiaddrs, |-separated")
	psk := fs.String("psk", "", "private network key: 64 hex chars (32 bytes); empty = no PSK")
	key := fs.String("key", "", "Ed25519 identity: hex of the 64-byte raw key (seed then public key); empty = generate")
	bootstrap := fs.String("bootstrap", "", "multiaddrs with /p2p/<id>, |-separated, to connect to first and seed the DHT with")
	topicPrefix := fs.String("topic-prefix", "github.com/bitcoin-sv/ubsv", "gossip topic prefix; topics are <prefix>-<topic>")
	dhtOn := fs.Bool("dht", true, "run the Kademlia DHT and the rendezvous discovery")
	dhtPrefix := fs.String("dht-prefix", "/ubsv", "DHT protocol prefix (gives <prefix>/kad/1.0.0)")
	directProtocol := fs.String("direct-protocol", "ubsv/bitcoin/1.0.0", "protocol id of the direct best-block stream")
	interval := fs.Duration("discovery-interval", 5*time.Second, "how often to advertise and look for topic providers")
	bench := fs.Bool("bench", false, "treat every subtree message as a benchmark payload (kept out of the received records)")
	floodPublish := fs.Bool("flood-publish", false, "send our own messages to every topic peer, not only the mesh (go-libp2p-pubsub's default is off)")
	outboundQueue := fs.Int("outbound-queue", 0, "gossipsub RPCs queued per peer before it drops them; 0 = go-libp2p-pubsub's default (32)")
	validateQueue := fs.Int("validate-queue", 0, "gossipsub messages waiting for validation before it drops them; 0 = go-libp2p-pubsub's default (32)")
	recordLimit := fs.Int("record-limit", 100000, "received messages kept; the oldest are dropped beyond it")
	dataHubURL := fs.String("data-hub-url", "http://localhost:8090/api/v1", "DataHubUrl of the default best block")
	if err := fs.Parse(args); err != nil {
		return config{}, err
	}
	if fs.NArg() > 0 {
		return config{}, fmt.Errorf("unexpected arguments: %v", fs.Args())
	}

	cfg := config{
		listen:            splitList(*listen),
		topicPrefix:       *topicPrefix,
		dht:               *dhtOn,
		dhtPrefix:         *dhtPrefix,
		directProtocol:    *directProtocol,
		discoveryInterval: *interval,
		bench:             *bench,
		floodPublish:      *floodPublish,
		outboundQueue:     *outboundQueue,
		validateQueue:     *validateQueue,
		recordLimit:       *recordLimit,
		dataHubURL:        *dataHubURL,
	}
	if len(cfg.listen) == 0 {
		return config{}, errors.New("-listen: no address")
	}
	if cfg.discoveryInterval <= 0 {
		return config{}, errors.New("-discovery-interval must be positive")
	}
	if cfg.outboundQueue < 0 || cfg.validateQueue < 0 {
		return config{}, errors.New("-outbound-queue and -validate-queue must not be negative")
	}
	if cfg.recordLimit < 1 {
		return config{}, errors.New("-record-limit must be at least 1")
	}
	var err error
	if cfg.psk, err = parsePSK(*psk); err != nil {
		return config{}, err
	}
	if cfg.key, err = parseKey(*key); err != nil {
		return config{}, err
	}
	if cfg.bootstrap, err = parseAddrInfos(splitList(*bootstrap)); err != nil {
		return config{}, fmt.Errorf("-bootstrap: %w", err)
	}
	return cfg, nil
}

// splitList reads the reference's multi-value settings: `|`-separated, blanks ignored.
func splitList(s string) []string {
	var out []string
	for _, part := range strings.Split(s, "|") {
		if part = strings.TrimSpace(part); part != "" {
			out = append(out, part)
		}
	}
	return out
}

func parsePSK(s string) ([]byte, error) {
	if s == "" {
		return nil, nil
	}
	psk, err := hex.DecodeString(s)
	if err != nil || len(psk) != 32 {
		return nil, errors.New("-psk: want 64 hex chars (32 bytes)")
	}
	return psk, nil
}

func parseKey(s string) (crypto.PrivKey, error) {
	if s == "" {
		key, _, err := crypto.GenerateEd25519Key(rand.Reader)
		return key, err
	}
	raw, err := hex.DecodeString(s)
	if err != nil || len(raw) != ed25519.PrivateKeySize {
		return nil, errors.New("-key: want 128 hex chars (32-byte seed then 32-byte public key)")
	}
	// go-libp2p takes the public half on trust; a mismatched one would sign with the wrong identity.
	if !ed25519.NewKeyFromSeed(raw[:ed25519.SeedSize]).Equal(ed25519.PrivateKey(raw)) {
		return nil, errors.New("-key: the public key half does not belong to the seed")
	}
	return crypto.UnmarshalEd25519PrivateKey(raw)
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
	// Groups several addresses of one peer into one bootstrap peer; each must name its peer.
	return peer.AddrInfosFromP2pAddrs(addrs...)
}
