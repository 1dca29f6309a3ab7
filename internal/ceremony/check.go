package ceremony

import (
	"bytes"
	"encoding/json"
	"fmt"

	cmttypes "github.com/cometbft/cometbft/types"
	"github.com/corridor-trade/corridor/codes"
	"github.com/corridor-trade/corridor/x/membership"
)

// Report is what Check found: the contribution is in the genesis as
// signed, with this share of the voting power.
type Report struct {
	ChainID      string `json:"chain_id"`
	Jurisdiction string `json:"jurisdiction"`
	Operators    int    `json:"operators"`
	Validators   int    `json:"validators"`
	Power        int64  `json:"power"`       // the jurisdiction's voting power
	TotalPower   int64  `json:"total_power"` // every validator's
	// Needed is the power that must sign a block: more than two thirds of
	// TotalPower.
	Needed int64 `json:"needed"`
}

// NeededPower is the least voting power that is more than two thirds of
// total, what CometBFT needs to commit a block.
func NeededPower(total int64) int64 { return total*2/3 + 1 }

// Check verifies s and that doc holds it exactly: the same chain-id, the
// jurisdiction with the same name, exactly the contributed operators as
// that jurisdiction's members (nothing added, removed or changed), and
// exactly the contributed validators of that jurisdiction with the same
// keys and powers, in CometBFT's list and in membership's. A difference is
// genesis/contribution_mismatch, naming what differs.
func Check(doc *cmttypes.GenesisDoc, s *Signed) (*Report, error) {
	if err := s.Verify(); err != nil {
		return nil, err
	}
	c := s.Contribution
	mismatch := func(format string, args ...any) error {
		return codes.GenesisMismatch.Wrapf("%s: "+format, append([]any{c.Jurisdiction}, args...)...)
	}
	if doc.ChainID != c.ChainID {
		return nil, mismatch("genesis is for chain %q, the contribution for %q", doc.ChainID, c.ChainID)
	}
	var st struct {
		Membership membership.Genesis `json:"membership"`
	}
	if err := json.Unmarshal(doc.AppState, &st); err != nil {
		return nil, fmt.Errorf("genesis app_state: %w", err)
	}
	mg := st.Membership
	found := false
	for _, j := range mg.Jurisdictions {
		if j.Code == c.Jurisdiction {
			found = true
			if j.Name != c.JurisdictionName {
				return nil, mismatch("genesis names the jurisdiction %q, the contribution %q", j.Name, c.JurisdictionName)
			}
		}
	}
	if !found {
		return nil, mismatch("the genesis has no such jurisdiction")
	}
	want := c.membership()
	var got []membership.GenesisMember
	for _, m := range mg.Members {
		if m.Jurisdiction == c.Jurisdiction {
			got = append(got, m)
		}
	}
	for _, w := range want.Members {
		if !hasMember(got, w) {
			return nil, mismatch("operator %s (%s) is missing or changed", w.Label, w.PubKey)
		}
	}
	for _, g := range got {
		if !hasMember(want.Members, g) {
			return nil, mismatch("the genesis has a member %s (%s, roles %v) the contribution does not list", g.Label, g.PubKey, g.Roles)
		}
	}
	var gotVals []membership.GenesisValidator
	for _, v := range mg.Validators {
		if v.Jurisdiction == c.Jurisdiction {
			gotVals = append(gotVals, v)
		}
	}
	if len(gotVals) != len(want.Validators) {
		return nil, mismatch("the genesis has %d validators for it, the contribution %d", len(gotVals), len(want.Validators))
	}
	rep := &Report{ChainID: doc.ChainID, Jurisdiction: c.Jurisdiction, Operators: len(want.Members), Validators: len(want.Validators)}
	for _, w := range want.Validators {
		if !hasValidator(gotVals, w) {
			return nil, mismatch("validator %s is missing, or has another key or power", w.Name)
		}
		if !hasConsensusValidator(doc.Validators, w) {
			return nil, mismatch("validator %s is not in CometBFT's validators with the same key and power", w.Name)
		}
		rep.Power += w.Power
	}
	for _, v := range doc.Validators {
		rep.TotalPower += v.Power
	}
	rep.Needed = NeededPower(rep.TotalPower)
	return rep, nil
}

func hasMember(list []membership.GenesisMember, m membership.GenesisMember) bool {
	for _, x := range list {
		if x.PubKey == m.PubKey && x.Label == m.Label && len(x.Roles) == 1 && len(m.Roles) == 1 && x.Roles[0] == m.Roles[0] {
			return true
		}
	}
	return false
}

func hasValidator(list []membership.GenesisValidator, v membership.GenesisValidator) bool {
	for _, x := range list {
		if x.Name == v.Name && bytes.Equal(x.PubKey, v.PubKey) && x.Power == v.Power {
			return true
		}
	}
	return false
}

func hasConsensusValidator(list []cmttypes.GenesisValidator, v membership.GenesisValidator) bool {
	for _, x := range list {
		if bytes.Equal(x.PubKey.Bytes(), v.PubKey) && x.Power == v.Power {
			return true
		}
	}
	return false
}
