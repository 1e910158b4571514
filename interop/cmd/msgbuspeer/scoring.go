package main

import (
	"time"

	pubsub "github.com/libp2p/go-libp2p-pubsub"
	"github.com/libp2p/go-libp2p/core/peer"
)

// defaultScoreParams are the bus's penalty-only defaults: no per-topic terms, so an honest peer
// sits at 0; only IP colocation and gossip misbehaviour push a score down. Matching them matters
// because they decide whether our node's behaviour would get it graylisted by a Teranode peer.
func defaultScoreParams() *pubsub.PeerScoreParams {
	return &pubsub.PeerScoreParams{
		Topics:                      map[string]*pubsub.TopicScoreParams{},
		AppSpecificScore:            func(peer.ID) float64 { return 0 },
		AppSpecificWeight:           1,
		IPColocationFactorWeight:    -35,
		IPColocationFactorThreshold: 10,
		BehaviourPenaltyWeight:      -16,
		BehaviourPenaltyThreshold:   6,
		BehaviourPenaltyDecay:       0.928,
		DecayInterval:               12 * time.Second,
		DecayToZero:                 0.01,
		RetainScore:                 6 * time.Hour,
	}
}

// defaultScoreThresholds: accepting PX at 0 is what lets a score-0 honest peer's PRUNE
// suggestions through at all, since the defaults never award a positive score.
func defaultScoreThresholds() *pubsub.PeerScoreThresholds {
	return &pubsub.PeerScoreThresholds{
		GossipThreshold:             -2000,
		PublishThreshold:            -4000,
		GraylistThreshold:           -8000,
		AcceptPXThreshold:           0,
		OpportunisticGraftThreshold: 0,
	}
}
