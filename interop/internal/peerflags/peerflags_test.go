package peerflags

import (
	"crypto/ed25519"
	"encoding/hex"
	"errors"
	"testing"

	"github.com/libp2p/go-libp2p/core/crypto"
)

func TestSplitList(t *testing.T) {
	got := SplitList(" a | |b|")
	if len(got) != 2 || got[0] != "a" || got[1] != "b" {
		t.Fatalf("got %q", got)
	}
}

func TestKey(t *testing.T) {
	raw := ed25519.NewKeyFromSeed(make([]byte, ed25519.SeedSize))
	key, err := Key(hex.EncodeToString(raw), nil)
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := key.Raw(); !ed25519.PrivateKey(got).Equal(raw) {
		t.Fatal("not the given key")
	}

	wrongHalf := append(append([]byte{}, raw[:32]...), make([]byte, 32)...)
	if _, err := Key(hex.EncodeToString(wrongHalf), nil); err == nil {
		t.Fatal("accepted a public half of another key")
	}
	if _, err := Key("abcd", nil); err == nil || err.Error() != "-key: want 128 hex chars (32-byte seed then 32-byte public key)" {
		t.Fatalf("short key without another form: %v", err)
	}

	other := errors.New("other form")
	refuse := func([]byte) (crypto.PrivKey, error) { return nil, other }
	if _, err := Key("abcd", refuse); !errors.Is(err, other) {
		t.Fatalf("short key with another form: %v", err)
	}
	if _, err := Key("zz", refuse); err == nil || err.Error() != "-key: not hex" {
		t.Fatalf("not hex: %v", err)
	}
}
