// Command refservices is the three node services the P2P service is a gRPC client of
// (blockchain, block validation, validator), on grpc-go and generated from our proto/, behaving
// on the wire as the reference's services do. A test drives it over the JSON-lines control
// channel on stdin/stdout (interop/internal/control); it logs to stderr.
package main

import (
	"flag"
	"log"
	"os"
	"os/signal"
	"sync"
	"syscall"
	"time"

	"github.com/teranode-p2p-ts/interop/gen/blockchain_api"
	"github.com/teranode-p2p-ts/interop/gen/validator_api"
	"github.com/teranode-p2p-ts/interop/internal/control"
)

// services is the state the three gRPC services and the control channel share.
type services struct {
	baseURL    string
	chain      *chain
	blockchain *blockchainService
	validation *blockValidationService
	validator  *validatorService
	// mining serialises storing and notifying, so notifications follow the chain's order.
	mining sync.Mutex
}

func newServices(baseURL, miner string, logger *log.Logger) *services {
	c := newChain(miner, time.Now())
	return &services{
		baseURL:    baseURL,
		chain:      c,
		blockchain: &blockchainService{chain: c, hub: newHub[*blockchain_api.Notification](), log: logger},
		validation: newBlockValidationService(logger),
		validator:  &validatorService{hub: newHub[*validator_api.RejectedTxNotification](), log: logger},
	}
}

// close ends what would keep a graceful stop waiting: open streams and held calls.
func (s *services) close() {
	s.blockchain.hub.close()
	s.validator.hub.close()
	s.validation.release()
}

func main() {
	logger := log.New(os.Stderr, "refservices: ", log.Ltime|log.Lmicroseconds)
	var addresses listenAddresses
	flag.StringVar(&addresses.blockchain, "blockchain-listen", "127.0.0.1:0", "blockchain service address")
	flag.StringVar(&addresses.blockValidation, "blockvalidation-listen", "127.0.0.1:0", "block validation service address")
	flag.StringVar(&addresses.validator, "validator-listen", "127.0.0.1:0", "validator service address")
	baseURL := flag.String("base-url", "http://refservices.example:8090/api/v1", "base URL sent in the notifications")
	miner := flag.String("miner", "/refservices/", "miner of the blocks mined")
	flag.DurationVar(&addresses.keepaliveMinTime, "keepalive-min-time", 0,
		"shortest client ping interval the servers tolerate (0: grpc-go's default of 5 minutes, as the reference's servers)")
	flag.Parse()

	svc := newServices(*baseURL, *miner, logger)
	running, err := listen(addresses, svc)
	if err != nil {
		logger.Printf("cannot listen: %v", err)
		os.Exit(1)
	}
	logger.Printf("serving blockchain on %d, block validation on %d, validator on %d",
		running.ports.Blockchain, running.ports.BlockValidation, running.ports.Validator)

	stopping := make(chan struct{})
	var once sync.Once
	stop := func() { once.Do(func() { close(stopping) }) }
	signals := make(chan os.Signal, 1)
	signal.Notify(signals, syscall.SIGINT, syscall.SIGTERM)

	channel := control.New()
	channel.Ready(map[string]any{"ports": running.ports, "pid": os.Getpid()})
	go func() {
		// A closed stdin means the driving test is gone: stop rather than outlive it.
		channel.Serve(os.Stdin, svc.methods(stop))
		stop()
	}()
	select {
	case <-stopping:
	case sig := <-signals:
		logger.Printf("%v: stopping", sig)
	}
	svc.close()
	running.stop(5 * time.Second)
	logger.Printf("stopped")
	os.Exit(0)
}
