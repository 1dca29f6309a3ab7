package api

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/corridor-trade/corridor/anchorplan"
	"github.com/corridor-trade/corridor/proof/fetch"
	"github.com/corridor-trade/corridor/x/invoice"
)

// maxCertJurisdictions bounds ?in= of the certificate endpoint.
const maxCertJurisdictions = 16

// handleCertificate answers GET /v1/certificates/{hash}: a self-contained
// certificate (docs/certificate.md) built by proof/fetch through the same
// RPC client. The API checks nothing in it: the verifier does, offline
// (corridord verify --certificate FILE --trust genesis.json).
func (s *Server) handleCertificate(w http.ResponseWriter, r *http.Request) {
	hs := r.PathValue("hash")
	if !reHex64.MatchString(hs) {
		writeAPIError(w, ErrBadRequest, fmt.Sprintf("hash %q is malformed (want 64 hex digits)", clip(hs)))
		return
	}
	doc, _ := invoice.ParseHash(strings.ToLower(hs))
	q := r.URL.Query()
	var opts fetch.Options
	var err error
	if opts.Height, err = intParam(q.Get("height")); err != nil {
		writeAPIError(w, ErrBadRequest, "height: "+err.Error())
		return
	}
	if opts.TrustHeight, err = intParam(q.Get("trust_height")); err != nil {
		writeAPIError(w, ErrBadRequest, "trust_height: "+err.Error())
		return
	}
	if in := q.Get("in"); in != "" {
		for _, j := range strings.Split(in, ",") {
			if !reJurisdiction.MatchString(j) || len(opts.Jurisdictions) >= maxCertJurisdictions {
				writeAPIError(w, ErrBadRequest, fmt.Sprintf("in: %q is not a list of at most %d jurisdiction codes", clip(in), maxCertJurisdictions))
				return
			}
			opts.Jurisdictions = append(opts.Jurisdictions, j)
		}
	}
	if root := q.Get("batch_root"); root != "" {
		rh, err := invoice.ParseHash(root)
		if !reHex64.MatchString(root) || err != nil {
			writeAPIError(w, ErrBadRequest, "batch_root: want 64 hex digits")
			return
		}
		ref := &anchorplan.Member{Root: rh, Path: []invoice.Hash{}}
		idx, err := strconv.ParseUint(q.Get("batch_index"), 10, 64)
		if err != nil || idx >= invoice.MaxBatch {
			writeAPIError(w, ErrBadRequest, "batch_index: want the document's index in the batch")
			return
		}
		ref.Index = idx
		if p := q.Get("batch_path"); p != "" {
			for _, h := range strings.Split(p, ",") {
				ph, err := invoice.ParseHash(h)
				if !reHex64.MatchString(h) || err != nil || len(ref.Path) >= invoice.MaxPath {
					writeAPIError(w, ErrBadRequest, "batch_path: want comma-separated 64-hex-digit sibling hashes")
					return
				}
				ref.Path = append(ref.Path, ph)
			}
		}
		opts.Batch = ref
	}
	cert, err := fetch.Build(r.Context(), s.rpc, doc, opts)
	if err != nil {
		// Build fails on heights that cannot be proven and on node errors.
		writeAPIError(w, ErrNode, "build certificate: "+err.Error())
		return
	}
	b, err := cert.Marshal()
	if err != nil {
		writeAPIError(w, ErrNode, "encode certificate: "+err.Error())
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("X-Corridor-Height", strconv.FormatInt(cert.Height, 10))
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(b)
}

// intParam reads an optional non-negative integer.
func intParam(s string) (int64, error) {
	if s == "" {
		return 0, nil
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < 0 {
		return 0, fmt.Errorf("%q is not a non-negative integer", clip(s))
	}
	return n, nil
}
