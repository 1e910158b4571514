package main

import (
	"context"
	"log"

	"github.com/teranode-p2p-ts/interop/gen/blockchain_api"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/emptypb"
)

type blockchainService struct {
	blockchain_api.UnimplementedBlockchainAPIServer
	chain *chain
	hub   *hub[*blockchain_api.Notification]
	log   *log.Logger
}

func (s *blockchainService) Subscribe(
	req *blockchain_api.SubscribeRequest,
	stream blockchain_api.BlockchainAPI_SubscribeServer,
) error {
	s.log.Printf("blockchain: subscription from %q", req.GetSource())
	err := s.hub.serve(stream.Context(), req.GetSource(), stream.Send)
	s.log.Printf("blockchain: subscription from %q ended (%v)", req.GetSource(), err)
	return err
}

func (s *blockchainService) GetBestBlockHeader(context.Context, *emptypb.Empty) (*blockchain_api.GetBlockHeaderResponse, error) {
	return headerResponse(s.chain.bestRecord()), nil
}

func (s *blockchainService) GetBlockHeader(
	_ context.Context,
	req *blockchain_api.GetBlockHeaderRequest,
) (*blockchain_api.GetBlockHeaderResponse, error) {
	if len(req.GetBlockHash()) != len(hash32{}) {
		return nil, status.Errorf(codes.InvalidArgument, "a block hash is 32 bytes, got %d", len(req.GetBlockHash()))
	}
	record, ok := s.chain.get(hash32(req.GetBlockHash()))
	if !ok {
		return nil, status.Errorf(codes.NotFound, "no header %s", displayHex(req.GetBlockHash()))
	}
	return headerResponse(record), nil
}

func headerResponse(r *headerRecord) *blockchain_api.GetBlockHeaderResponse {
	return &blockchain_api.GetBlockHeaderResponse{
		BlockHeader: r.header[:],
		Height:      r.height,
		TxCount:     r.txCount,
		SizeInBytes: r.sizeInBytes,
		Miner:       r.miner,
		BlockTime:   r.blockTime,
		Timestamp:   r.storedAt,
	}
}
