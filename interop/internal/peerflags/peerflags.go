// Package peerflags reads the flags the Go test peers have in common: lists in the reference's
// `|`-separated form, peer addresses and an identity key. The messages name the flag, since they
// end the process before its ready line and are all a driver's log shows of the failure.
package peerflags

import (
	"crypto/ed25519"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"strings"

	"github.com/libp2p/go-libp2p/core/crypto"
	"github.com/libp2p/go-libp2p/core/peer"
	ma "github.com/multiformats/go-multiaddr"
)

// Parse parses args into fs and refuses what is left over: a stray word is far more often a
// mistyped flag than something a peer could use.
func Parse(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments: %v", fs.Args())
	}
	return nil
}

// SplitList reads a multi-value setting the way Teranode and the reference write them:
// `|`-separated, blanks ignored.
func SplitList(s string) []string {
	var out []string
	for _, part := range strings.Split(s, "|") {
		if part = strings.TrimSpace(part); part != "" {
			out = append(out, part)
		}
	}
	return out
}

// AddrInfos reads the `|`-separated multiaddrs of the flag named flagName. Each must name its
// peer with /p2p/<id>; several addresses of one peer become one entry.
func AddrInfos(flagName, list string) ([]peer.AddrInfo, error) {
	var addrs []ma.Multiaddr
	for _, s := range SplitList(list) {
		addr, err := ma.NewMultiaddr(s)
		if err != nil {
			return nil, fmt.Errorf("%s: %q: %w", flagName, s, err)
		}
		addrs = append(addrs, addr)
	}
	infos, err := peer.AddrInfosFromP2pAddrs(addrs...)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", flagName, err)
	}
	return infos, nil
}

// Key reads the -key flag. Empty generates a fresh Ed25519 identity; hex of 64 bytes is a raw
// Ed25519 key, seed then public key (Teranode's p2p_private_key, and our TS node's key files).
// Hex of another length goes to other, for a peer that takes a second form; without other, and
// for anything that is not hex, the flag is refused.
func Key(s string, other func(raw []byte) (crypto.PrivKey, error)) (crypto.PrivKey, error) {
	if s == "" {
		key, _, err := crypto.GenerateEd25519Key(rand.Reader)
		return key, err
	}
	raw, err := hex.DecodeString(s)
	switch {
	case err == nil && len(raw) == ed25519.PrivateKeySize:
		// go-libp2p takes the public half on trust; a mismatched one would sign as someone else.
		if !ed25519.NewKeyFromSeed(raw[:ed25519.SeedSize]).Equal(ed25519.PrivateKey(raw)) {
			return nil, errors.New("-key: the public key half does not belong to the seed")
		}
		return crypto.UnmarshalEd25519PrivateKey(raw)
	case other == nil:
		return nil, errors.New("-key: want 128 hex chars (32-byte seed then 32-byte public key)")
	case err != nil:
		return nil, errors.New("-key: not hex")
	default:
		return other(raw)
	}
}
