package node

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/cometbft/cometbft/consensus"
	"github.com/cometbft/cometbft/types"
)

// WaitReport is one look at a node that has committed no block yet: how
// much voting power it hears from and how much a block needs.
type WaitReport struct {
	Height          int64    `json:"height"`
	Round           int32    `json:"round"`
	Peers           int      `json:"peers"`            // connected now
	PersistentPeers int      `json:"persistent_peers"` // configured in config.toml
	HeardPower      int64    `json:"heard_power"`      // validators that voted in this or the last round, this node included
	TotalPower      int64    `json:"total_power"`
	NeededPower     int64    `json:"needed_power"` // more than two thirds of TotalPower
	Heard           []string `json:"heard"`        // "name (power)"
	Missing         []string `json:"missing"`
}

// String says it in one line for the log.
func (r WaitReport) String() string {
	missing := "none"
	if len(r.Missing) > 0 {
		missing = strings.Join(r.Missing, ", ")
	}
	return fmt.Sprintf("no block yet (height %d, round %d): connected to %d peers (%d persistent_peers configured); "+
		"validators heard: %s = %d of %d voting power; a block needs %d (more than two thirds); not heard from: %s",
		r.Height, r.Round, r.Peers, r.PersistentPeers, strings.Join(r.Heard, ", "), r.HeardPower, r.TotalPower, r.NeededPower, missing)
}

// ReportWhileNoBlock calls report every interval until the node has
// committed its first block, ctx is done or the node stops. It only reads
// the consensus state and the peer list; it is no part of the state
// machine.
func (n *Node) ReportWhileNoBlock(ctx context.Context, every time.Duration, report func(WaitReport)) {
	env, err := n.CMT.ConfigureRPC()
	if err != nil {
		return
	}
	cs, ok := env.ConsensusState.(*consensus.State)
	if !ok {
		return
	}
	names := map[string]string{}
	for _, v := range n.CMT.GenesisDoc().Validators {
		names[v.Address.String()] = v.Name
	}
	self := ""
	if pv := n.CMT.PrivValidator(); pv != nil {
		if pk, err := pv.GetPubKey(); err == nil {
			self = pk.Address().String()
		}
	}
	persistent := 0
	for _, p := range strings.Split(n.CMT.Config().P2P.PersistentPeers, ",") {
		if strings.TrimSpace(p) != "" {
			persistent++
		}
	}
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-n.CMT.Quit():
			return
		case <-t.C:
		}
		if n.CMT.BlockStore().Height() > 0 {
			return
		}
		rs := cs.GetRoundState()
		if rs.Validators == nil || rs.Votes == nil {
			continue
		}
		heard := map[int]bool{}
		for _, r := range []int32{rs.Round, rs.Round - 1} {
			if r < 0 {
				continue
			}
			for _, vs := range []*types.VoteSet{rs.Votes.Prevotes(r), rs.Votes.Precommits(r)} {
				ba := vs.BitArray() // nil-safe
				for i := 0; i < ba.Size(); i++ {
					if ba.GetIndex(i) {
						heard[i] = true
					}
				}
			}
		}
		rep := WaitReport{Height: rs.Height, Round: rs.Round, Peers: n.CMT.Switch().Peers().Size(), PersistentPeers: persistent,
			TotalPower: rs.Validators.TotalVotingPower()}
		rep.NeededPower = rep.TotalPower*2/3 + 1
		for i, v := range rs.Validators.Validators {
			name := names[v.Address.String()]
			if name == "" {
				name = v.Address.String()
			}
			label := fmt.Sprintf("%s (%d)", name, v.VotingPower)
			if heard[i] || v.Address.String() == self {
				rep.Heard = append(rep.Heard, label)
				rep.HeardPower += v.VotingPower
			} else {
				rep.Missing = append(rep.Missing, label)
			}
		}
		sort.Strings(rep.Heard)
		sort.Strings(rep.Missing)
		report(rep)
	}
}
