package gov

import "github.com/corridor-trade/corridor/x/kit"

// Store keys. Each prefix names one kind of record.
const (
	prefixProposal  = "gov/prop"      // gov/prop/<id 8B> → Proposal
	prefixOpen      = "gov/open"      // gov/open/<id 8B> → empty: the open proposals
	prefixClass     = "gov/class"     // gov/class/<class> → ClassRule
	prefixThreshold = "gov/threshold" // gov/threshold/<jurisdiction> → Threshold
	prefixSeated    = "gov/seated"    // gov/seated/<jurisdiction> → empty: it has had a validator
	prefixDone      = "gov/done"      // gov/done/<upgrade name> → Plan: upgrades applied
	keyNextID       = "gov/next-id"
	keyPlan         = "gov/upgrade"
	keyParams       = "params/gov"
)

// ProposalKey is the store key of a proposal.
func ProposalKey(id uint64) []byte { return kit.Key(prefixProposal, kit.Uint64Key(id)) }

func openKey(id uint64) []byte        { return kit.Key(prefixOpen, kit.Uint64Key(id)) }
func classKey(class string) []byte    { return kit.Key(prefixClass, []byte(class)) }
func thresholdKey(code string) []byte { return kit.Key(prefixThreshold, []byte(code)) }
func seatedKey(code string) []byte    { return kit.Key(prefixSeated, []byte(code)) }
func doneKey(name string) []byte      { return kit.Key(prefixDone, []byte(name)) }
