package api

import (
	"net/http"
	"regexp"

	"github.com/corridor-trade/corridor/x/kit/paths"
)

// The read side of partnership governance (docs/governance.md): the
// proposals, optionally filtered, and one proposal with every vote and
// the tally per jurisdiction. Proposals are made and voted on by signed
// transactions (POST /v1/txs), like every other change.

var (
	reProposalID = regexp.MustCompile(`^[1-9][0-9]{0,19}$`)
	reGovWord    = regexp.MustCompile(`^[a-z][a-z-]{0,31}$`)
)

func (s *Server) govRoutes() {
	s.route("GET", "/v1/gov/proposals", s.query(func(r *http.Request) (string, error) {
		status, kind := r.URL.Query().Get("status"), r.URL.Query().Get("kind")
		for name, v := range map[string]string{"status": status, "kind": kind} {
			if v != "" && !reGovWord.MatchString(v) {
				return "", badRequest("%s %q is malformed (want %s)", name, clip(v), reGovWord.String())
			}
		}
		return paths.Proposals(status, kind), nil
	}))
	s.route("GET", "/v1/gov/proposals/{id}", s.query(func(r *http.Request) (string, error) {
		return path(paths.NameProposal, seg(r, "id", reProposalID))
	}))
}
