package main

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
)

// hash32 is a block, subtree or transaction hash in internal byte order: as it travels in the
// services' `bytes` fields and as sha256d produces it.
type hash32 [32]byte

func sha256d(data []byte) hash32 {
	first := sha256.Sum256(data)
	return sha256.Sum256(first[:])
}

// display is the hex people (and the control channel) use: the internal bytes reversed.
func (h hash32) display() string {
	return displayHex(h[:])
}

func displayHex(internal []byte) string {
	reversed := slices.Clone(internal)
	slices.Reverse(reversed)
	return hex.EncodeToString(reversed)
}

// internalBytes reads display hex of any length, so a test can also send a malformed hash.
func internalBytes(display string) ([]byte, error) {
	b, err := hex.DecodeString(display)
	if err != nil {
		return nil, fmt.Errorf("not hex: %q", display)
	}
	slices.Reverse(b)
	return b, nil
}

func parseHash(display string) (hash32, error) {
	b, err := internalBytes(display)
	if err != nil {
		return hash32{}, err
	}
	if len(b) != len(hash32{}) {
		return hash32{}, fmt.Errorf("a hash is 32 bytes, %q is %d", display, len(b))
	}
	return hash32(b), nil
}

func randomHash() hash32 {
	var h hash32
	_, _ = rand.Read(h[:])
	return h
}
