package main

import (
	"log"

	"github.com/teranode-p2p-ts/interop/gen/validator_api"
)

type validatorService struct {
	validator_api.UnimplementedValidatorAPIServer
	hub *hub[*validator_api.RejectedTxNotification]
	log *log.Logger
}

func (s *validatorService) Subscribe(
	req *validator_api.SubscribeRequest,
	stream validator_api.ValidatorAPI_SubscribeServer,
) error {
	s.log.Printf("validator: subscription from %q", req.GetSource())
	err := s.hub.serve(stream.Context(), req.GetSource(), stream.Send)
	s.log.Printf("validator: subscription from %q ended (%v)", req.GetSource(), err)
	return err
}
