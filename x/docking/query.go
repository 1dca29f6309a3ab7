package docking

import (
	"encoding/hex"
	"strconv"
	"time"

	"github.com/corridor-trade/corridor/codes"
	"github.com/corridor-trade/corridor/x/kit"
	"github.com/corridor-trade/corridor/x/kit/paths"
	"github.com/corridor-trade/corridor/x/kit/store"
	"github.com/corridor-trade/corridor/x/membership"
)

// Queries returns this module's query handler, under the path "docking":
//
//	docking/clients                        every client, with its status
//	docking/client/<chain-id>              one client and the heights it holds
//	docking/consensus/<chain-id>/<height>  one stored header: hash, time, app hash
//	docking/anchors/<doc hash hex>         the foreign anchors of a document
//	docking/anchor/<chain-id>/<doc hash>   the foreign anchor of a document from one chain
//	docking/self                           what a counterparty needs to verify this chain
//
// Statuses are judged at the block time of the state read.
func Queries() map[string]kit.QueryFunc {
	return map[string]kit.QueryFunc{paths.NameDocking: query}
}

// ClientAnswer is the answer to docking/client/<chain-id>.
type ClientAnswer struct {
	Client  ClientView `json:"client"`
	Heights []int64    `json:"heights,omitempty"`
}

// ConsensusView is a stored header as answered by docking/consensus.
type ConsensusView struct {
	ChainID    string    `json:"chain_id"`
	Height     int64     `json:"height"`
	Time       time.Time `json:"time"`
	HeaderHash string    `json:"header_hash"`
	AppHash    string    `json:"app_hash"`
	Stored     kit.Stamp `json:"stored"`
}

func query(kv store.KV, args []string) (any, error) {
	if len(args) == 0 {
		return nil, codes.QueryBadArg.Wrapf("want docking/clients, client/<chain-id>, consensus/<chain-id>/<height>, anchors/<doc hash>, anchor/<chain-id>/<doc hash> or self")
	}
	now := kit.BlockTime(kv)
	switch sub, rest := args[0], args[1:]; {
	case sub == paths.SubClients && len(rest) == 0:
		out := []ClientView{}
		for _, c := range Clients(kv) {
			out = append(out, View(kv, &c, now))
		}
		return out, nil
	case sub == paths.SubClient && len(rest) == 1:
		c, ok := GetClient(kv, rest[0])
		if !ok {
			return nil, codes.QueryNotFound.Wrapf("no client for %q", clip(rest[0]))
		}
		return ClientAnswer{Client: View(kv, &c, now), Heights: Heights(kv, c.ChainID)}, nil
	case sub == paths.SubConsensus && len(rest) == 2:
		h, err := strconv.ParseInt(rest[1], 10, 64)
		if err != nil || h <= 0 {
			return nil, codes.QueryBadArg.Wrapf("height %q must be a positive integer", clip(rest[1]))
		}
		cs, ok := GetConsensus(kv, rest[0], h)
		if !ok {
			return nil, codes.QueryNotFound.Wrapf("the client of %q holds no header at height %d", clip(rest[0]), h)
		}
		return ConsensusView{ChainID: rest[0], Height: cs.Height, Time: cs.HeaderTime(), HeaderHash: hexUpper(cs.HeaderHash),
			AppHash: hexUpper(cs.AppHash), Stored: cs.Stored}, nil
	case sub == paths.SubAnchors && len(rest) == 1:
		h, err := parseHash(rest[0])
		if err != nil {
			return nil, err
		}
		out := AnchorsOf(kv, h)
		if out == nil {
			out = []ForeignAnchor{}
		}
		return out, nil
	case sub == paths.SubAnchor && len(rest) == 2:
		h, err := parseHash(rest[1])
		if err != nil {
			return nil, err
		}
		a, ok := GetAnchor(kv, h, rest[0])
		if !ok {
			return nil, codes.QueryNotFound.Wrapf("document %s is not docked from %q", rest[1], clip(rest[0]))
		}
		return a, nil
	case sub == paths.SubSelf && len(rest) == 0:
		return self(kv), nil
	}
	return nil, codes.QueryBadArg.Wrapf("unknown docking query %q with %d arguments", clip(args[0]), len(args)-1)
}

func parseHash(s string) ([32]byte, error) {
	var h [32]byte
	b, err := hex.DecodeString(s)
	if err != nil || len(b) != 32 {
		return h, codes.QueryBadArg.Wrapf("document hash %q must be 64 hex digits", clip(s))
	}
	copy(h[:], b)
	return h, nil
}

// SelfView is the answer to docking/self: what an external light client
// needs to verify this chain's state (docs/cross-chain.md, outbound).
type SelfView struct {
	ChainID        string                 `json:"chain_id"`
	Validators     []membership.Validator `json:"validators"`
	TrustLevel     string                 `json:"trust_level"`
	TrustingPeriod string                 `json:"recommended_trusting_period"`
	TrustingBound  string                 `json:"trusting_period_bound"`
	ProofSpec      string                 `json:"proof_spec"`
	ProofQuery     string                 `json:"proof_query"`
	AppHashRule    string                 `json:"app_hash_rule"`
	AnchorKey      string                 `json:"anchor_key"`
	AnchorValue    string                 `json:"anchor_value"`
	BlockTime      time.Time              `json:"block_time"`
}

// RecommendedTrustingPeriod is the trusting period Corridor suggests to
// counterparties: two weeks, within the operators' commitment to announce
// validator changes and keep evidence for at least three weeks.
const RecommendedTrustingPeriod = 14 * 24 * time.Hour

func self(kv store.KV) SelfView {
	vals := membership.Validators(kv)
	if vals == nil {
		vals = []membership.Validator{}
	}
	return SelfView{
		ChainID: string(kv.Get([]byte(kit.ChainIDKey))), Validators: vals, TrustLevel: "1/3",
		TrustingPeriod: RecommendedTrustingPeriod.String(),
		TrustingBound: "no staking and no unbonding period: the bound is the operators' validator-change policy " +
			"(a validator key is retired only with notice, and a retired key's misbehaviour is still punishable) " +
			"and evidence retention (consensus.evidence max_age); keep the trusting period below both",
		ProofSpec:   "ics23:iavl (ics23.IavlSpec), one IAVL tree, no multistore",
		ProofQuery:  "ABCI query path /store, data = the key, prove = true, height = H-1",
		AppHashRule: "the app hash in header H is the root of the state after block H-1",
		AnchorKey:   "\"iv/\" followed by the 32-byte document hash",
		AnchorValue: "the invoice anchor encoded with Corridor's canonical codec (x/invoice.Invoice, docs/proto)",
		BlockTime:   kit.BlockTime(kv),
	}
}
