package main

import (
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/teranode-p2p-ts/interop/gen/blockchain_api"
	"github.com/teranode-p2p-ts/interop/gen/model"
	"github.com/teranode-p2p-ts/interop/gen/validator_api"
	"github.com/teranode-p2p-ts/interop/internal/control"
	"google.golang.org/grpc/codes"
)

// typed turns a handler of decoded params into a control handler.
func typed[P any](handle func(P) (any, error)) control.Handler {
	return func(raw json.RawMessage) (any, error) {
		var params P
		if err := control.Decode(raw, &params); err != nil {
			return nil, err
		}
		return handle(params)
	}
}

type minedBlock struct {
	Hash         string `json:"hash"`
	Height       uint32 `json:"height"`
	Header       string `json:"header"`
	PreviousHash string `json:"previousHash"`
}

type mineResult struct {
	minedBlock
	Blocks []minedBlock `json:"blocks,omitempty"`
}

type hashResult struct {
	Hash string `json:"hash"`
}

// decimalUint64 takes a uint64 as a JSON number or as decimal text: a JavaScript driver can only
// send values past 2^53 exactly as text.
type decimalUint64 uint64

func (d *decimalUint64) UnmarshalJSON(b []byte) error {
	v, err := strconv.ParseUint(strings.Trim(string(b), `"`), 10, 64)
	if err != nil {
		return fmt.Errorf("not a uint64: %s", b)
	}
	*d = decimalUint64(v)
	return nil
}

const maxMinedAtOnce = 10_000

func (s *services) methods(stop func()) control.Methods {
	return control.Methods{
		"mine": typed(func(p struct {
			Count *int `json:"count"`
		}) (any, error) {
			count := 1
			if p.Count != nil {
				count = *p.Count
			}
			if count < 1 || count > maxMinedAtOnce {
				return nil, fmt.Errorf("count must be 1..%d", maxMinedAtOnce)
			}
			return s.mine(count)
		}),
		"subtree": typed(func(p struct {
			Hash string `json:"hash"`
		}) (any, error) {
			h := randomHash()
			if p.Hash != "" {
				var err error
				if h, err = parseHash(p.Hash); err != nil {
					return nil, err
				}
			}
			s.notifyChain(model.NotificationType_Subtree, h[:], s.baseURL)
			return hashResult{Hash: h.display()}, nil
		}),
		"miningOn": typed(func(struct{}) (any, error) {
			s.mining.Lock()
			defer s.mining.Unlock()
			best := s.chain.bestRecord()
			s.notifyChain(model.NotificationType_MiningOn, best.hash[:], s.baseURL)
			return hashResult{Hash: best.hash.display()}, nil
		}),
		"reject": typed(func(p struct {
			TxID   string `json:"txId"`
			Reason string `json:"reason"`
		}) (any, error) {
			if p.TxID == "" {
				p.TxID = randomHash().display()
			}
			s.validator.hub.publish(&validator_api.RejectedTxNotification{TxId: p.TxID, Reason: p.Reason})
			return map[string]string{"txId": p.TxID}, nil
		}),
		"notify":            typed(s.notifyRaw),
		"putHeader":         typed(s.putHeader),
		"received":          typed(func(struct{}) (any, error) { return s.validation.receivedSoFar(), nil }),
		"subscribers":       typed(func(struct{}) (any, error) { return s.subscribers(), nil }),
		"failValidation":    typed(s.failValidation),
		"holdValidation":    typed(func(struct{}) (any, error) { s.validation.hold(); return nil, nil }),
		"releaseValidation": typed(func(struct{}) (any, error) { s.validation.release(); return nil, nil }),
		"stop":              typed(func(struct{}) (any, error) { stop(); return nil, nil }),
	}
}

// mine stores each block before it notifies it, so a client that looks the block up on the
// notification finds it; holding s.mining keeps notifications in chain order.
func (s *services) mine(count int) (mineResult, error) {
	s.mining.Lock()
	defer s.mining.Unlock()
	blocks := make([]minedBlock, 0, count)
	for range count {
		record, err := s.chain.mine(time.Now())
		if err != nil {
			return mineResult{}, err
		}
		s.notifyChain(model.NotificationType_Block, record.hash[:], s.baseURL)
		blocks = append(blocks, minedBlock{
			Hash:         record.hash.display(),
			Height:       record.height,
			Header:       hex.EncodeToString(record.header[:]),
			PreviousHash: record.previousHash().display(),
		})
	}
	result := mineResult{minedBlock: blocks[len(blocks)-1]}
	if count > 1 {
		result.Blocks = blocks
	}
	return result, nil
}

func (s *services) notifyChain(kind model.NotificationType, internal []byte, baseURL string) int {
	return s.blockchain.hub.publish(&blockchain_api.Notification{Type: kind, Hash: internal, BaseUrl: baseURL})
}

// notifyRaw sends exactly what the test says, malformed hashes included, so tests can emit any
// event a blockchain service could send.
func (s *services) notifyRaw(p struct {
	Type    string `json:"type"`
	Hash    string `json:"hash"`
	BaseURL string `json:"baseUrl"`
}) (any, error) {
	kind, ok := model.NotificationType_value[p.Type]
	if !ok {
		return nil, fmt.Errorf("unknown notification type %q", p.Type)
	}
	internal, err := internalBytes(p.Hash)
	if err != nil {
		return nil, err
	}
	delivered := s.notifyChain(model.NotificationType(kind), internal, p.BaseURL)
	return map[string]int{"delivered": delivered}, nil
}

func (s *services) putHeader(p struct {
	Header      string        `json:"header"`
	Height      uint32        `json:"height"`
	TxCount     decimalUint64 `json:"txCount"`
	SizeInBytes decimalUint64 `json:"sizeInBytes"`
	Miner       string        `json:"miner"`
	BlockTime   *uint32       `json:"blockTime"`
	Best        bool          `json:"best"`
}) (any, error) {
	raw, err := hex.DecodeString(p.Header)
	if err != nil || len(raw) != headerSize {
		return nil, errors.New("header must be 80 bytes of hex")
	}
	record := &headerRecord{
		header:      [headerSize]byte(raw),
		height:      p.Height,
		txCount:     uint64(p.TxCount),
		sizeInBytes: uint64(p.SizeInBytes),
		miner:       p.Miner,
	}
	record.blockTime = headerTime(record.header)
	if p.BlockTime != nil {
		record.blockTime = *p.BlockTime
	}
	s.mining.Lock()
	defer s.mining.Unlock()
	s.chain.put(record, p.Best, time.Now())
	return hashResult{Hash: record.hash.display()}, nil
}

func (s *services) subscribers() map[string][]subscriberInfo {
	return map[string][]subscriberInfo{
		"blockchain": s.blockchain.hub.list(),
		"validator":  s.validator.hub.list(),
	}
}

func (s *services) failValidation(p struct {
	Code  *codes.Code `json:"code"`
	Count *int        `json:"count"`
}) (any, error) {
	code := codes.Unavailable
	if p.Code != nil {
		code = *p.Code
	}
	if code == codes.OK {
		return nil, errors.New("a failure needs a code other than OK")
	}
	count := failUntilCleared
	if p.Count != nil {
		if *p.Count < 0 {
			return nil, errors.New("count must be 0 or more (leave it out to fail until cleared)")
		}
		count = *p.Count
	}
	s.validation.failNext(code, count)
	return nil, nil
}
