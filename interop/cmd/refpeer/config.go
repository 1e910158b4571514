package main

import (
	"encoding/hex"
	"errors"
	"flag"
	"time"

	"github.com/libp2p/go-libp2p/core/crypto"
	"github.com/libp2p/go-libp2p/core/peer"

	"github.com/teranode-p2p-ts/interop/internal/peerflags"
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
	if err := peerflags.Parse(fs, args); err != nil {
		return config{}, err
	}

	cfg := config{
		listen:            peerflags.SplitList(*listen),
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
	if cfg.key, err = peerflags.Key(*key, nil); err != nil {
		return config{}, err
	}
	if cfg.bootstrap, err = peerflags.AddrInfos("-bootstrap", *bootstrap); err != nil {
		return config{}, err
	}
	return cfg, nil
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
