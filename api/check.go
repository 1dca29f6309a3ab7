package api

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"os"
	"strings"
	"unicode/utf8"

	"github.com/corridor-trade/corridor/anchorplan"
	"github.com/corridor-trade/corridor/crypto/secp"
	"github.com/corridor-trade/corridor/formats"
	"github.com/corridor-trade/corridor/x/kit/paths"
)

// CheckResult is the answer to POST /v1/documents/check. Nothing of the
// document is kept by the server; only hashes are sent to the ledger.
type CheckResult struct {
	FileName  string         `json:"file_name,omitempty"` // from a multipart upload
	Size      int            `json:"size"`
	RawSHA256 string         `json:"raw_sha256"`
	Documents []CheckedDoc   `json:"documents"`
	Height    int64          `json:"height"`  // state height the lookups read
	Lookups   []string       `json:"lookups"` // API paths that were asked
	OK        bool           `json:"ok"`      // false when an integrity check failed
	Problems  []CheckProblem `json:"problems,omitempty"`
	// Plan is what anchoring this document would send, decided by the
	// planner every door shares (anchorplan; docs/invoice.md, "How a
	// document becomes messages"): the messages, batches with inclusion
	// paths, or the refusals with their plan/ codes. Without ?issuer= it is
	// a draft: invoice/anchor messages carry no fingerprint.
	Plan *anchorplan.Plan `json:"plan"`
}

// CheckProblem is a reason a check is not OK.
type CheckProblem struct {
	Document int    `json:"document"`
	Problem  string `json:"problem"`
}

// CheckedDoc is one parsed document with where its hash is anchored.
type CheckedDoc struct {
	formats.Document
	Anchors Anchors `json:"anchors"`
}

// Anchors says whether and where a document's canonical hash is on the
// ledger.
type Anchors struct {
	Anchored bool           `json:"anchored"`
	Records  []AnchorRecord `json:"records"`
	// Note explains what cannot be found from the hash alone (documents
	// anchored inside a batch are proved by their inclusion path).
	Note string `json:"note,omitempty"`
}

// AnchorRecord is one ledger record that names the document.
type AnchorRecord struct {
	Type   string          `json:"type"` // invoice, batch, revocation, payment
	Path   string          `json:"path"` // the API path that returns it
	Height int64           `json:"height,omitempty"`
	Record json.RawMessage `json:"record"`
}

const batchNote = "a document anchored as one member of a batch is found only through its batch root and inclusion path"

func (s *Server) handleCheck(w http.ResponseWriter, r *http.Request) {
	pol, err := checkPolicy(r.URL.Query())
	if err != nil {
		writeAPIError(w, ErrBadRequest, err.Error())
		return
	}
	data, name, ok := s.readDocument(w, r)
	if !ok {
		return
	}
	docs, err := formats.Parse(data)
	if err != nil {
		st, b := apiError(ErrMalformedDoc, err.Error())
		var pe *formats.ParseError
		if errors.As(err, &pe) {
			b.Rule, b.Where, b.Format, b.Message = pe.Rule, pe.Where, string(pe.Format), pe.Msg
			if pe.Rule == "input.too-large" {
				st, b.Code, b.Error = ErrTooLarge.Status, ErrTooLarge.Code, SpaceAPI+"/"+ErrTooLarge.Name
			}
		}
		writeError(w, st, b)
		return
	}
	res := CheckResult{FileName: name, Size: len(data), RawSHA256: formats.RawHash(data).String(),
		Documents: make([]CheckedDoc, 0, len(docs)), Lookups: []string{}, OK: true}
	for i, d := range docs {
		cd := CheckedDoc{Document: d, Anchors: Anchors{Records: []AnchorRecord{}}}
		if d.Integrity != nil && d.Integrity.Checked && !d.Integrity.Valid {
			res.OK = false
			res.Problems = append(res.Problems, CheckProblem{Document: i, Problem: "integrity: " + d.Integrity.Reason})
		}
		if err := s.lookupAnchors(r.Context(), &res, &cd); err != nil {
			writeError(w, err.status, err.body)
			return
		}
		res.Documents = append(res.Documents, cd)
	}
	if res.Plan, err = planCheck(name, data, docs, pol); err != nil {
		writeAPIError(w, ErrBadRequest, err.Error())
		return
	}
	writeJSON(w, http.StatusOK, res)
}

// checkPolicy reads the planning parameters of a check: issuer, buyer,
// buyer_id, mode, duplicates and profile.
func checkPolicy(q url.Values) (anchorplan.Policy, error) {
	var pol anchorplan.Policy
	var err error
	for _, k := range []string{"issuer", "buyer"} {
		v := q.Get(k)
		if v == "" {
			continue
		}
		a, err := secp.ParseAddress(v)
		if !reAddress.MatchString(v) || err != nil {
			return pol, fmt.Errorf("%s: %q is not an address", k, clip(v))
		}
		if k == "issuer" {
			pol.Issuer = a
		} else {
			pol.BuyerMember = a
		}
	}
	if pol.BuyerID = q.Get("buyer_id"); len(pol.BuyerID) > 128 || !utf8.ValidString(pol.BuyerID) {
		return pol, fmt.Errorf("buyer_id: at most 128 bytes of UTF-8")
	}
	if pol.Mode, err = anchorplan.ParseMode(q.Get("mode")); err != nil {
		return pol, err
	}
	if pol.Duplicates, err = anchorplan.ParseDuplicates(q.Get("duplicates")); err != nil {
		return pol, err
	}
	pol.Profile = q.Get("profile")
	return pol, nil
}

// planCheck plans the uploaded document as one file; with profile raw, its
// bytes are the one document.
func planCheck(name string, data []byte, docs []formats.Document, pol anchorplan.Policy) (*anchorplan.Plan, error) {
	if name == "" {
		name = "document"
	}
	if pol.Profile == formats.ProfileRaw {
		docs = []formats.Document{formats.RawDocument(data)}
	}
	return anchorplan.Make([]anchorplan.File{{Name: name, Docs: docs}}, pol)
}

// statusErr is an error response.
type statusErr struct {
	status int
	body   *ErrorBody
}

// lookupAnchors asks the ledger for every record keyed by the document's
// canonical hash (and, for payment messages, its UETRs).
func (s *Server) lookupAnchors(ctx context.Context, res *CheckResult, cd *CheckedDoc) *statusErr {
	h := cd.CanonicalHash.String()
	type look struct{ typ, query, api string }
	looks := []look{
		{"invoice", paths.Invoice(h), "/v1/invoices/" + h},
		{"batch", paths.Batch(h), "/v1/batches/" + h},
		{"revocation", paths.Revocation(h), "/v1/revocations/" + h},
	}
	seen := map[string]bool{}
	for _, p := range cd.Payments {
		if p.UETR == "" || !reUUID.MatchString(p.UETR) || seen[p.UETR] {
			continue
		}
		seen[p.UETR] = true
		looks = append(looks, look{"payment", paths.UETR(p.UETR), "/v1/uetr/" + p.UETR})
		if len(seen) >= 16 {
			break
		}
	}
	for _, l := range looks {
		value, height, st, eb := s.abciQuery(ctx, l.query)
		res.Lookups = append(res.Lookups, l.api)
		if height > res.Height {
			res.Height = height
		}
		if eb != nil {
			if st == http.StatusNotFound {
				continue
			}
			return &statusErr{st, eb}
		}
		if l.typ == "payment" {
			value = matchPayments(value, cd.CanonicalHash.String(), cd.RawSHA256.String())
			if value == nil {
				continue
			}
		}
		rec := AnchorRecord{Type: l.typ, Path: l.api, Record: value}
		var stamp struct {
			Anchored struct{ Height int64 } `json:"anchored"`
			Revoked  struct{ Height int64 } `json:"revoked"`
		}
		if json.Unmarshal(value, &stamp) == nil {
			rec.Height = max(stamp.Anchored.Height, stamp.Revoked.Height)
		}
		cd.Anchors.Records = append(cd.Anchors.Records, rec)
		if l.typ != "revocation" {
			cd.Anchors.Anchored = true
		}
	}
	if !cd.Anchors.Anchored && len(cd.Payments) == 0 {
		cd.Anchors.Note = batchNote
	}
	return nil
}

// matchPayments keeps the payments of a uetr answer whose message hash is
// the document's canonical or raw hash, or returns nil when none is.
func matchPayments(value []byte, canonical, raw string) []byte {
	var v struct {
		UETR     string            `json:"uetr"`
		Payments []json.RawMessage `json:"payments"`
	}
	if json.Unmarshal(value, &v) != nil {
		return nil
	}
	var keep []json.RawMessage
	for _, p := range v.Payments {
		var ph struct {
			MessageHash string `json:"message_hash"`
		}
		if json.Unmarshal(p, &ph) == nil && (ph.MessageHash == canonical || ph.MessageHash == raw) {
			keep = append(keep, p)
		}
	}
	if len(keep) == 0 {
		return nil
	}
	v.Payments = keep
	b, err := json.Marshal(v)
	if err != nil {
		return nil
	}
	return b
}

// readDocument reads the uploaded document: the first file part of a
// multipart/form-data body (field "file" preferred), or the raw body. It
// is held in memory only; multipart bodies are streamed, never spooled to
// disk.
func (s *Server) readDocument(w http.ResponseWriter, r *http.Request) ([]byte, string, bool) {
	mt, params, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if mt != "multipart/form-data" {
		b, ok := readBody(w, r, s.maxCheck)
		return b, "", ok
	}
	r.Body = http.MaxBytesReader(w, r.Body, s.maxCheck+multipartFraming)
	if params["boundary"] == "" {
		writeAPIError(w, ErrBadRequest, "multipart body without a boundary")
		return nil, "", false
	}
	mr, err := r.MultipartReader()
	if err != nil {
		writeAPIError(w, ErrBadRequest, "multipart: "+err.Error())
		return nil, "", false
	}
	for i := 0; i < 16; i++ {
		p, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, "", bodyError(w, err)
		}
		if p.FormName() != "file" && p.FileName() == "" {
			_, _ = io.Copy(io.Discard, io.LimitReader(p, s.maxCheck+multipartFraming))
			continue
		}
		b, err := io.ReadAll(io.LimitReader(p, s.maxCheck+1))
		if err != nil {
			return nil, "", bodyError(w, err)
		}
		if int64(len(b)) > s.maxCheck {
			writeAPIError(w, ErrTooLarge, fmt.Sprintf("the document exceeds %d bytes", s.maxCheck))
			return nil, "", false
		}
		return b, clip(strings.ToValidUTF8(p.FileName(), "?")), true
	}
	writeAPIError(w, ErrBadRequest, `multipart body has no file part (send the document in a part named "file")`)
	return nil, "", false
}

// bodyError answers a failure to read the body and returns false.
func bodyError(w http.ResponseWriter, err error) bool {
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		writeAPIError(w, ErrTooLarge, fmt.Sprintf("request body exceeds %d bytes", mbe.Limit))
	} else if errors.Is(err, os.ErrDeadlineExceeded) {
		w.Header().Set("Connection", "close")
		writeAPIError(w, ErrBodyTimeout, "the request body did not arrive within the server's read timeout (api.read_timeout)")
	} else {
		writeAPIError(w, ErrBadRequest, "read request body: "+err.Error())
	}
	return false
}
