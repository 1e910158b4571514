package main

import (
	"context"
	"log"
	"sync"
	"time"

	"github.com/teranode-p2p-ts/interop/gen/blockvalidation_api"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// validationCall is one BlockFound or SubtreeFound as the service received it. Seq orders calls
// of both kinds, which the millisecond clock cannot do for calls in quick succession.
type validationCall struct {
	Hash    string `json:"hash"`
	BaseURL string `json:"baseUrl"`
	AtMs    int64  `json:"atMs"`
	Seq     uint64 `json:"seq"`
}

type receivedCalls struct {
	BlockFound   []validationCall `json:"blockFound"`
	SubtreeFound []validationCall `json:"subtreeFound"`
}

// failUntilCleared is the fail count of "every call until told otherwise".
const failUntilCleared = -1

type blockValidationService struct {
	blockvalidation_api.UnimplementedBlockValidationAPIServer
	log *log.Logger

	mu       sync.Mutex
	seq      uint64
	received receivedCalls
	failCode codes.Code
	failLeft int
	// held is closed to answer the calls being held; nil while calls are answered at once.
	held chan struct{}
}

func newBlockValidationService(logger *log.Logger) *blockValidationService {
	return &blockValidationService{
		log:      logger,
		received: receivedCalls{BlockFound: []validationCall{}, SubtreeFound: []validationCall{}},
	}
}

func (s *blockValidationService) BlockFound(
	ctx context.Context,
	req *blockvalidation_api.BlockFoundRequest,
) (*blockvalidation_api.EmptyMessage, error) {
	return s.take(ctx, "BlockFound", req.GetHash(), req.GetBaseUrl())
}

func (s *blockValidationService) SubtreeFound(
	ctx context.Context,
	req *blockvalidation_api.SubtreeFoundRequest,
) (*blockvalidation_api.EmptyMessage, error) {
	return s.take(ctx, "SubtreeFound", req.GetHash(), req.GetBaseUrl())
}

// take records the call before anything else, so a test sees failed and held calls too.
func (s *blockValidationService) take(
	ctx context.Context,
	method string,
	hash []byte,
	baseURL string,
) (*blockvalidation_api.EmptyMessage, error) {
	if len(hash) != len(hash32{}) {
		return nil, status.Errorf(codes.InvalidArgument, "%s: a hash is 32 bytes, got %d", method, len(hash))
	}
	s.mu.Lock()
	s.seq++
	call := validationCall{Hash: displayHex(hash), BaseURL: baseURL, AtMs: time.Now().UnixMilli(), Seq: s.seq}
	if method == "BlockFound" {
		s.received.BlockFound = append(s.received.BlockFound, call)
	} else {
		s.received.SubtreeFound = append(s.received.SubtreeFound, call)
	}
	failing := s.failLeft != 0
	if s.failLeft > 0 {
		s.failLeft--
	}
	code, held := s.failCode, s.held
	s.mu.Unlock()

	s.log.Printf("block validation: %s %s from %s", method, call.Hash, baseURL)
	if failing {
		return nil, status.Errorf(code, "%s %s: failing as the test asked", method, call.Hash)
	}
	if held != nil {
		select {
		case <-held:
		case <-ctx.Done():
			return nil, status.FromContextError(ctx.Err()).Err()
		}
	}
	return &blockvalidation_api.EmptyMessage{}, nil
}

func (s *blockValidationService) receivedSoFar() receivedCalls {
	s.mu.Lock()
	defer s.mu.Unlock()
	return receivedCalls{
		BlockFound:   append([]validationCall{}, s.received.BlockFound...),
		SubtreeFound: append([]validationCall{}, s.received.SubtreeFound...),
	}
}

// failNext makes the next count calls fail with code (failUntilCleared: all of them; 0: none).
func (s *blockValidationService) failNext(code codes.Code, count int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.failCode, s.failLeft = code, count
}

func (s *blockValidationService) hold() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.held == nil {
		s.held = make(chan struct{})
	}
}

// release answers the calls being held and stops holding.
func (s *blockValidationService) release() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.held != nil {
		close(s.held)
		s.held = nil
	}
}
