package api

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"time"

	cmttypes "github.com/cometbft/cometbft/types"

	"github.com/corridor-trade/corridor/web"
	"github.com/corridor-trade/corridor/x/kit/paths"
)

// MaxExplorerBlocks bounds GET /v1/explorer/blocks?n=.
const MaxExplorerBlocks = 50

// webRoutes serves the customs officer's page (web/, docs/web.md): the
// page at /web/ (with / redirecting there) and the two explorer answers
// it reads besides the document routes. Every other path under /v1/ keeps
// the API's JSON 404.
func (s *Server) webRoutes() {
	s.mux.Handle("GET /web/", web.Handler("/web/"))
	s.mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/web/", http.StatusFound)
	})
	s.route("GET", "/v1/explorer/validators", s.handleExplorerValidators)
	s.route("GET", "/v1/explorer/blocks", s.handleExplorerBlocks)
}

// ExplorerValidator is a validator as the explorer shows it: its consensus
// address, name, jurisdiction and voting power (public fields of the
// membership module).
type ExplorerValidator struct {
	Address      string `json:"address"`
	Name         string `json:"name"`
	Jurisdiction string `json:"jurisdiction"`
	Power        int64  `json:"power"`
}

// ExplorerBlock is a block as the explorer shows it: height, time, hash
// and the validators whose signatures its commit holds.
type ExplorerBlock struct {
	Height  int64               `json:"height"`
	Time    time.Time           `json:"time"`
	Hash    string              `json:"hash"`
	Signers []ExplorerValidator `json:"signers"`
}

// validators reads the membership module's validators.
func (s *Server) validators(r *http.Request) ([]ExplorerValidator, int, *ErrorBody) {
	value, _, st, eb := s.abciQuery(r.Context(), paths.Validators())
	if eb != nil {
		return nil, st, eb
	}
	var vals []ExplorerValidator
	if err := json.Unmarshal(value, &vals); err != nil {
		st, b := apiError(ErrNode, "the node's validator list does not decode: "+err.Error())
		return nil, st, b
	}
	for i := range vals {
		vals[i].Address = strings.ToUpper(vals[i].Address)
	}
	return vals, http.StatusOK, nil
}

func (s *Server) handleExplorerValidators(w http.ResponseWriter, r *http.Request) {
	vals, st, eb := s.validators(r)
	if eb != nil {
		writeError(w, st, eb)
		return
	}
	writeJSON(w, http.StatusOK, vals)
}

func (s *Server) handleExplorerBlocks(w http.ResponseWriter, r *http.Request) {
	n := 10
	if q := r.URL.Query().Get("n"); q != "" {
		v, err := strconv.Atoi(q)
		if err != nil || v < 1 || v > MaxExplorerBlocks {
			writeAPIError(w, ErrBadRequest, "n must be a number from 1 to "+strconv.Itoa(MaxExplorerBlocks))
			return
		}
		n = v
	}
	vals, st, eb := s.validators(r)
	if eb != nil {
		writeError(w, st, eb)
		return
	}
	byAddr := map[string]ExplorerValidator{}
	for _, v := range vals {
		byAddr[v.Address] = v
	}
	status, err := s.rpc.Status(r.Context())
	if err != nil {
		writeAPIError(w, ErrNode, "node status: "+err.Error())
		return
	}
	out := []ExplorerBlock{}
	for h := status.SyncInfo.LatestBlockHeight; h >= 1 && len(out) < n; h-- {
		height := h
		c, err := s.rpc.Commit(r.Context(), &height)
		if err != nil {
			writeAPIError(w, ErrNode, "commit "+strconv.FormatInt(h, 10)+": "+err.Error())
			return
		}
		b := ExplorerBlock{Height: h, Time: c.Header.Time.UTC(), Hash: c.Header.Hash().String(), Signers: []ExplorerValidator{}}
		for _, sig := range c.Commit.Signatures {
			if sig.BlockIDFlag != cmttypes.BlockIDFlagCommit {
				continue
			}
			v, ok := byAddr[sig.ValidatorAddress.String()]
			if !ok {
				v = ExplorerValidator{Address: sig.ValidatorAddress.String()}
			}
			b.Signers = append(b.Signers, v)
		}
		out = append(out, b)
	}
	writeJSON(w, http.StatusOK, out)
}
