package api

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/corridor-trade/corridor/codes"
	"github.com/corridor-trade/corridor/disclose"
	"github.com/corridor-trade/corridor/proof"
)

// maxDisclosureJurisdictions bounds ?in= of the disclosure check.
const maxDisclosureJurisdictions = 16

// handleDisclosureCheck answers POST /v1/disclosures/check: the body is a
// disclosure (format corridor-disclosure v1, as corridord disclose writes
// it), and the answer its verdict (proof.DisclosureVerdict) — checked here
// exactly as corridord verify --disclosure checks it, against the genesis
// validator set of this node's chain. Its status is 200 whether the verdict
// is valid or not (valid and code say); a body that is not a disclosure is
// 422 with its disclose/ code. Who does not want to trust this node's
// genesis runs the same check offline with the CLI.
func (s *Server) handleDisclosureCheck(w http.ResponseWriter, r *http.Request) {
	if ct := r.Header.Get("Content-Type"); ct != "" && !strings.HasPrefix(ct, "application/json") {
		writeAPIError(w, ErrMediaType, fmt.Sprintf("content type %q: send the disclosure as application/json", clip(ct)))
		return
	}
	var jurisdictions []string
	if in := r.URL.Query().Get("in"); in != "" {
		for _, j := range strings.Split(in, ",") {
			if !reJurisdiction.MatchString(j) || len(jurisdictions) >= maxDisclosureJurisdictions {
				writeAPIError(w, ErrBadRequest, fmt.Sprintf("in: %q is not a list of at most %d jurisdiction codes", clip(in), maxDisclosureJurisdictions))
				return
			}
			jurisdictions = append(jurisdictions, j)
		}
	}
	data, err := io.ReadAll(http.MaxBytesReader(w, r.Body, disclose.MaxDisclosureSize))
	if err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			writeAPIError(w, ErrTooLarge, fmt.Sprintf("a disclosure is at most %d bytes", disclose.MaxDisclosureSize))
			return
		}
		writeAPIError(w, ErrBadRequest, "read the body: "+err.Error())
		return
	}
	d, err := disclose.Decode(data)
	if err != nil {
		ce := codes.Of(err)
		st, b := ledgerError(ce.Code, ce.Codespace, err.Error())
		writeError(w, st, b)
		return
	}
	gen, err := s.rpc.Genesis(r.Context())
	if err != nil {
		writeAPIError(w, ErrNode, "genesis: "+err.Error())
		return
	}
	trust, err := proof.GenesisTrust(gen.Genesis)
	if err != nil {
		writeAPIError(w, ErrNode, "genesis trust: "+err.Error())
		return
	}
	v, err := proof.VerifyDisclosure(d, trust, proof.Options{Jurisdictions: jurisdictions})
	if err != nil {
		writeAPIError(w, ErrBadRequest, err.Error())
		return
	}
	writeJSON(w, http.StatusOK, v)
}
