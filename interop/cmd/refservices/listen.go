package main

import (
	"fmt"
	"net"
	"time"

	"github.com/teranode-p2p-ts/interop/gen/blockchain_api"
	"github.com/teranode-p2p-ts/interop/gen/blockvalidation_api"
	"github.com/teranode-p2p-ts/interop/gen/validator_api"
	"google.golang.org/grpc"
	"google.golang.org/grpc/keepalive"
)

type listenAddresses struct {
	blockchain, blockValidation, validator string
	// keepaliveMinTime scales grpc-go's ping enforcement down for tests; 0 keeps its default.
	keepaliveMinTime time.Duration
}

type servicePorts struct {
	Blockchain      int `json:"blockchain"`
	BlockValidation int `json:"blockValidation"`
	Validator       int `json:"validator"`
}

type runningServers struct {
	ports   servicePorts
	servers []*grpc.Server
}

// listen starts one gRPC server per distinct address, each serving the services given that
// address. Port 0 is never shared: each service asking for "any port" gets its own, as the
// reference's three services have three ports.
func listen(addresses listenAddresses, svc *services) (*runningServers, error) {
	type group struct {
		server   *grpc.Server
		listener net.Listener
	}
	running := &runningServers{}
	byAddress := map[string]*group{}
	var groups []*group
	bind := func(address string, register func(*grpc.Server)) (int, error) {
		_, port, err := net.SplitHostPort(address)
		if err != nil {
			return 0, fmt.Errorf("%q: %w", address, err)
		}
		g := byAddress[address]
		if g == nil || port == "0" {
			listener, err := net.Listen("tcp", address)
			if err != nil {
				return 0, err
			}
			// Plain grpc-go defaults, as the reference's servers use (no keepalive policy of their own):
			// a client pinging more often than every 5 minutes on a quiet stream gets a GOAWAY.
			var options []grpc.ServerOption
			if addresses.keepaliveMinTime > 0 {
				options = append(options, grpc.KeepaliveEnforcementPolicy(keepalive.EnforcementPolicy{MinTime: addresses.keepaliveMinTime}))
			}
			g = &group{server: grpc.NewServer(options...), listener: listener}
			byAddress[address] = g
			groups = append(groups, g)
			running.servers = append(running.servers, g.server)
		}
		register(g.server)
		return g.listener.Addr().(*net.TCPAddr).Port, nil
	}
	var err error
	if running.ports.Blockchain, err = bind(addresses.blockchain, func(s *grpc.Server) {
		blockchain_api.RegisterBlockchainAPIServer(s, svc.blockchain)
	}); err != nil {
		return nil, err
	}
	if running.ports.BlockValidation, err = bind(addresses.blockValidation, func(s *grpc.Server) {
		blockvalidation_api.RegisterBlockValidationAPIServer(s, svc.validation)
	}); err != nil {
		return nil, err
	}
	if running.ports.Validator, err = bind(addresses.validator, func(s *grpc.Server) {
		validator_api.RegisterValidatorAPIServer(s, svc.validator)
	}); err != nil {
		return nil, err
	}
	for _, g := range groups {
		go func() { _ = g.server.Serve(g.listener) }()
	}
	return running, nil
}

// stop stops every server gracefully, and forcefully once grace has passed.
func (r *runningServers) stop(grace time.Duration) {
	done := make(chan struct{})
	go func() {
		for _, s := range r.servers {
			s.GracefulStop()
		}
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(grace):
		for _, s := range r.servers {
			s.Stop()
		}
	}
}
