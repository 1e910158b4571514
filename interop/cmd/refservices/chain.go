package main

import (
	"encoding/binary"
	"errors"
	"sync"
	"time"
)

const headerSize = 80

// headerRecord is what the blockchain service keeps per block and answers GetBlockHeader with.
type headerRecord struct {
	header      [headerSize]byte
	hash        hash32
	height      uint32
	txCount     uint64
	sizeInBytes uint64
	miner       string
	blockTime   uint32
	// storedAt is when the record was stored (unix seconds): the response's `timestamp`.
	storedAt uint32
}

func (r *headerRecord) previousHash() hash32 {
	return hash32(r.header[4:36])
}

// headerTime is the header's own timestamp (bytes 68..72, little-endian).
func headerTime(header [headerSize]byte) uint32 {
	return binary.LittleEndian.Uint32(header[68:72])
}

// chain is the blockchain service's store: headers by hash, and the best one.
type chain struct {
	mu     sync.Mutex
	byHash map[hash32]*headerRecord
	best   *headerRecord
	miner  string
}

func newChain(miner string, now time.Time) *chain {
	c := &chain{byHash: map[hash32]*headerRecord{}, miner: miner}
	// A fixed genesis-like block, so every run starts from the same height-0 header; it is stored
	// but never notified, as a real chain's genesis is there before anyone subscribes.
	var header [headerSize]byte
	binary.LittleEndian.PutUint32(header[0:4], 1)
	merkle := sha256d([]byte("refservices genesis"))
	copy(header[36:68], merkle[:])
	binary.LittleEndian.PutUint32(header[68:72], 1_700_000_000)
	binary.LittleEndian.PutUint32(header[72:76], 0x207fffff)
	genesis := &headerRecord{header: header, txCount: 1, sizeInBytes: 285, blockTime: headerTime(header)}
	c.put(genesis, true, now)
	return c
}

// put stores a record (its hash is computed from its header) and optionally makes it the best.
func (c *chain) put(r *headerRecord, best bool, now time.Time) *headerRecord {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.putLocked(r, best, now)
}

func (c *chain) putLocked(r *headerRecord, best bool, now time.Time) *headerRecord {
	r.hash = sha256d(r.header[:])
	r.storedAt = uint32(now.Unix())
	c.byHash[r.hash] = r
	if best {
		c.best = r
	}
	return r
}

func (c *chain) get(h hash32) (*headerRecord, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	r, ok := c.byHash[h]
	return r, ok
}

func (c *chain) bestRecord() *headerRecord {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.best
}

// mine stores a new block on top of the best one and makes it the best. The header is a real
// header chained by previous hash; it carries no proof of work, which no client here checks.
func (c *chain) mine(now time.Time) (*headerRecord, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	parent := c.best
	if parent.height == ^uint32(0) {
		return nil, errors.New("the best block is at the highest height a header response can carry")
	}
	var header [headerSize]byte
	binary.LittleEndian.PutUint32(header[0:4], 0x20000000)
	copy(header[4:36], parent.hash[:])
	merkle := randomHash()
	copy(header[36:68], merkle[:])
	// Strictly after the parent, whatever the wall clock says.
	timestamp := max(uint32(now.Unix()), headerTime(parent.header)+1)
	binary.LittleEndian.PutUint32(header[68:72], timestamp)
	binary.LittleEndian.PutUint32(header[72:76], 0x207fffff)
	nonce := randomHash()
	copy(header[76:80], nonce[:4])
	return c.putLocked(&headerRecord{
		header:      header,
		height:      parent.height + 1,
		txCount:     1,
		sizeInBytes: 285,
		miner:       c.miner,
		blockTime:   timestamp,
	}, true, now), nil
}
