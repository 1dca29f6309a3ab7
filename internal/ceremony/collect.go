package ceremony

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/cometbft/cometbft/crypto/ed25519"
	cmttypes "github.com/cometbft/cometbft/types"
	"github.com/corridor-trade/corridor/codes"
	"github.com/corridor-trade/corridor/x/membership"
)

// CollectOptions are the coordinator's choices for the collected genesis.
type CollectOptions struct {
	// ChainID, if set, must equal every contribution's chain-id.
	ChainID string
	// GenesisTime is the genesis time (the chain starts at or after it).
	GenesisTime time.Time
	// Base, if set, supplies the consensus parameters and the genesis of
	// modules other than membership (and membership's params); its
	// validators, jurisdictions and members are replaced.
	Base *cmttypes.GenesisDoc
}

// Collect verifies every contribution and builds the genesis that holds
// them all: one jurisdiction per contribution, its operators as members
// with the role operator, its validators in both CometBFT's list and
// membership's. The result does not depend on the order of contribs. It
// refuses a bad signature (genesis/bad_signature), and two contributions
// that disagree on the chain-id or share a jurisdiction, operator key,
// label, validator name, consensus key or node id (genesis/conflict).
func Collect(contribs []*Signed, opts CollectOptions) (*cmttypes.GenesisDoc, error) {
	if len(contribs) == 0 {
		return nil, codes.GenesisBadContribution.Wrapf("no contribution given")
	}
	sorted := append([]*Signed(nil), contribs...)
	for _, s := range sorted {
		if err := s.Verify(); err != nil {
			return nil, err
		}
	}
	sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].Contribution.Jurisdiction < sorted[j].Contribution.Jurisdiction })
	if err := checkConflicts(sorted, opts.ChainID); err != nil {
		return nil, err
	}
	doc := &cmttypes.GenesisDoc{
		ChainID: sorted[0].Contribution.ChainID, GenesisTime: opts.GenesisTime.UTC(),
		ConsensusParams: cmttypes.DefaultConsensusParams(), InitialHeight: 1,
	}
	appState := map[string]json.RawMessage{}
	var mg membership.Genesis
	if b := opts.Base; b != nil {
		if b.ConsensusParams != nil {
			doc.ConsensusParams = b.ConsensusParams
		}
		if len(b.AppState) > 0 {
			if err := json.Unmarshal(b.AppState, &appState); err != nil {
				return nil, fmt.Errorf("base genesis app_state: %w", err)
			}
		}
		if raw, ok := appState["membership"]; ok {
			var base membership.Genesis
			if err := json.Unmarshal(raw, &base); err != nil {
				return nil, fmt.Errorf("base genesis app_state.membership: %w", err)
			}
			mg.Params = base.Params
		}
	}
	for _, s := range sorted {
		c := s.Contribution
		mg.Jurisdictions = append(mg.Jurisdictions, membership.Jurisdiction{Code: c.Jurisdiction, Name: c.JurisdictionName})
		one := c.membership()
		mg.Members = append(mg.Members, one.Members...)
		mg.Validators = append(mg.Validators, one.Validators...)
		for _, v := range c.Validators {
			pub := ed25519.PubKey(v.PubKey)
			doc.Validators = append(doc.Validators, cmttypes.GenesisValidator{Address: pub.Address(), PubKey: pub, Power: v.Power, Name: v.Name})
		}
	}
	if err := mg.Validate(); err != nil {
		return nil, codes.GenesisBadContribution.Wrapf("collected membership: %v", err)
	}
	mb, err := json.Marshal(mg)
	if err != nil {
		return nil, err
	}
	appState["membership"] = mb
	if doc.AppState, err = json.MarshalIndent(appState, "", "  "); err != nil {
		return nil, err
	}
	if err := doc.ValidateAndComplete(); err != nil {
		return nil, fmt.Errorf("collected genesis: %w", err)
	}
	return doc, nil
}

// checkConflicts refuses contributions that cannot stand side by side.
func checkConflicts(contribs []*Signed, chainID string) error {
	conflict := codes.GenesisConflict.Wrapf
	owner := map[string]string{} // "kind value" -> jurisdiction that listed it
	claim := func(jur, kind, value string) error {
		k := kind + " " + value
		if other, ok := owner[k]; ok {
			return conflict("%s and %s both list %s", other, jur, k)
		}
		owner[k] = jur
		return nil
	}
	for _, s := range contribs {
		c := s.Contribution
		want := chainID
		if want == "" {
			want = contribs[0].Contribution.ChainID
		}
		if c.ChainID != want {
			return conflict("%s's contribution is for chain %q, not %q", c.Jurisdiction, c.ChainID, want)
		}
		if err := claim(c.Jurisdiction, "jurisdiction", c.Jurisdiction); err != nil {
			return err
		}
		for _, o := range c.Operators {
			if err := claim(c.Jurisdiction, "operator key", o.PubKey.String()); err != nil {
				return err
			}
			if err := claim(c.Jurisdiction, "label", o.Label); err != nil {
				return err
			}
		}
		for _, v := range c.Validators {
			for _, kv := range [][2]string{{"validator name", v.Name}, {"consensus key", fmt.Sprintf("%X", v.PubKey)},
				{"node id", strings.ToLower(v.NodeID)}, {"p2p address", v.P2PAddress}} {
				if err := claim(c.Jurisdiction, kv[0], kv[1]); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// Peers returns CometBFT's persistent_peers for the node with id self:
// every contributed validator but itself, as id@host:port, in the order of
// the contributions' jurisdictions.
func Peers(contribs []*Signed, self string) string {
	sorted := append([]*Signed(nil), contribs...)
	sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].Contribution.Jurisdiction < sorted[j].Contribution.Jurisdiction })
	var out []string
	for _, s := range sorted {
		for _, v := range s.Contribution.Validators {
			if !strings.EqualFold(v.NodeID, self) {
				out = append(out, strings.ToLower(v.NodeID)+"@"+v.P2PAddress)
			}
		}
	}
	return strings.Join(out, ",")
}
