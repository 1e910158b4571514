package main

import (
	"encoding/binary"
	"math"
	"sync"
	"time"
)

// Bench payload layout, shared with the TS bare nodes (bench/src/gossip/payload.ts): send time as
// wall-clock milliseconds (float64 BE), sequence number and run id (uint32 BE), then 'a' filler.
const (
	benchHeaderBytes = 16
	benchFiller      = 0x61
	benchDefaultSize = 1024
)

// wallMs is Date.now() with a fraction: wall clocks of processes on one machine agree, so a
// latency is the receiver's wallMs minus the sender's.
func wallMs() float64 {
	return float64(time.Now().UnixNano()) / 1e6
}

func makeBenchPayload(size int, seq, run uint32) []byte {
	b := make([]byte, size)
	binary.BigEndian.PutUint64(b[0:], math.Float64bits(wallMs()))
	binary.BigEndian.PutUint32(b[8:], seq)
	binary.BigEndian.PutUint32(b[12:], run)
	for i := benchHeaderBytes; i < size; i++ {
		b[i] = benchFiller
	}
	return b
}

// benchState is what this peer received in the current run, counted like the TS bare node does:
// unique by sequence number (one sender per run), the rest are duplicates.
type benchState struct {
	mu             sync.Mutex
	run            uint32
	seen           map[uint32]struct{}
	duplicates     int
	latencies      []float64
	firstArrivalMs float64
	lastArrivalMs  float64
}

func newBenchState() *benchState {
	return &benchState{seen: map[uint32]struct{}{}}
}

func (b *benchState) reset(run uint32) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.run = run
	b.seen = map[uint32]struct{}{}
	b.duplicates = 0
	b.latencies = nil
	b.firstArrivalMs = 0
	b.lastArrivalMs = 0
}

func (b *benchState) observe(data []byte) {
	arrived := wallMs()
	if len(data) < benchHeaderBytes {
		return
	}
	sentAt := math.Float64frombits(binary.BigEndian.Uint64(data[0:]))
	seq := binary.BigEndian.Uint32(data[8:])
	run := binary.BigEndian.Uint32(data[12:])
	b.mu.Lock()
	defer b.mu.Unlock()
	if run != b.run {
		return
	}
	if _, dup := b.seen[seq]; dup {
		b.duplicates++
		return
	}
	b.seen[seq] = struct{}{}
	b.latencies = append(b.latencies, arrived-sentAt)
	if b.firstArrivalMs == 0 {
		b.firstArrivalMs = arrived
	}
	b.lastArrivalMs = arrived
}

func (b *benchState) count() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return len(b.seen)
}

type benchReport struct {
	Unique         int       `json:"unique"`
	Duplicates     int       `json:"duplicates"`
	Latencies      []float64 `json:"latencies"`
	FirstArrivalMs float64   `json:"firstArrivalMs"`
	LastArrivalMs  float64   `json:"lastArrivalMs"`
}

func (b *benchState) report() benchReport {
	b.mu.Lock()
	defer b.mu.Unlock()
	return benchReport{
		Unique:         len(b.seen),
		Duplicates:     b.duplicates,
		Latencies:      append([]float64{}, b.latencies...),
		FirstArrivalMs: b.firstArrivalMs,
		LastArrivalMs:  b.lastArrivalMs,
	}
}
