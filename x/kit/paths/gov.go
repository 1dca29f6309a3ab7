package paths

import "strconv"

// The filter segments of Proposals.
const (
	StatusPrefix = "status="
	KindPrefix   = "kind="
)

// Proposals is the path of the governance proposals, optionally only
// those of one status and of one kind (empty for any).
func Proposals(status, kind string) string {
	var args []string
	if status != "" {
		args = append(args, StatusPrefix+status)
	}
	if kind != "" {
		args = append(args, KindPrefix+kind)
	}
	return join(NameProposals, args...)
}

// Proposal is the path of one proposal, with its votes and tally.
func Proposal(id uint64) string { return join(NameProposal, strconv.FormatUint(id, 10)) }

// Gov is the path of the governance settings: parameters, class rules,
// operator thresholds, the scheduled upgrade and the known upgrades.
func Gov() string { return join(NameGov) }
