package anchorplan

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"sort"

	"github.com/corridor-trade/corridor/codes"
	"github.com/corridor-trade/corridor/formats"
	"github.com/corridor-trade/corridor/x/invoice"
	"github.com/corridor-trade/corridor/x/kit"
)

// Plan is what Make decided: the messages to send and the documents
// refused. Every input document is in exactly one of Singles (possibly as
// a merged duplicate), Batches (as a member) or Refused.
type Plan struct {
	// Mode is the mode applied (auto resolved to single or batch).
	Mode Mode `json:"mode"`
	// Singles are the invoices anchored on their own, in input order.
	Singles []Single `json:"singles"`
	// Batches are the Merkle batches, by profile, then in input order.
	Batches []Batch `json:"batches"`
	// Refused are the documents not anchored, with code and reason.
	Refused []Refusal `json:"refused"`
	// BuyerSalt is the hex salt of the plan's buyer commitments, when it
	// made any: keep it, it is the only way to show who the buyer is.
	BuyerSalt string `json:"buyer_salt,omitempty"`
	// Draft is set when Singles carry no fingerprint (no issuer was
	// given): the plan shows what would be sent but cannot be sent.
	Draft bool `json:"draft,omitempty"`
	// Secrets are the field-commitment secrets of every planned document
	// when the policy asked for field commitments, in input order. They
	// are never part of the plan's JSON form: the door writes each to its
	// own file (mode 0600) for the issuer to keep.
	Secrets []DocumentSecrets             `json:"-"`
	roots   map[invoice.Hash]invoice.Hash // document -> field root, from Secrets
}

// Single is one invoice anchored on its own.
type Single struct {
	Msg *invoice.MsgAnchor `json:"msg"`
	// Files names every file the document occurs in (several when
	// duplicates were merged).
	Files []string `json:"files"`
}

// Msgs returns the messages of the plan: the singles, then one
// invoice/anchor-batch per batch.
func (p *Plan) Msgs() []kit.Msg {
	var out []kit.Msg
	for _, s := range p.Singles {
		out = append(out, s.Msg)
	}
	for i := range p.Batches {
		out = append(out, p.Batches[i].Msg())
	}
	return out
}

// Err returns the first refusal as an error carrying its code, or nil. A
// door that sends all or nothing (the CLI, the Go client) stops on it.
func (p *Plan) Err() error {
	if len(p.Refused) == 0 {
		return nil
	}
	return p.Refused[0].Err()
}

// RefusedIn returns the refusals of one file.
func (p *Plan) RefusedIn(file string) []Refusal {
	var out []Refusal
	for _, r := range p.Refused {
		if r.File == file {
			out = append(out, r)
		}
	}
	return out
}

// SinglesIn returns the singles that anchor documents of one file.
func (p *Plan) SinglesIn(file string) []Single {
	var out []Single
	for _, s := range p.Singles {
		for _, f := range s.Files {
			if f == file {
				out = append(out, s)
				break
			}
		}
	}
	return out
}

// BatchOf returns the index of the batch holding file's documents (a file
// is never split across batches), or -1.
func (p *Plan) BatchOf(file string) int {
	for i := range p.Batches {
		for _, m := range p.Batches[i].Members {
			if m.File == file {
				return i
			}
		}
	}
	return -1
}

// Make plans the anchoring of files under pol. It returns an error only
// for a policy that contradicts itself (plan/bad_policy) or when no salt
// can be drawn; every document-level problem is a Refusal in the plan.
func Make(files []File, pol Policy) (*Plan, error) {
	pol, err := pol.normalise()
	if err != nil {
		return nil, err
	}
	p := &Plan{Singles: []Single{}, Batches: []Batch{}, Refused: []Refusal{}}
	if len(files) == 0 {
		p.Refused = append(p.Refused, Refusal{Document: -1, Code: codes.PlanNoDocument, Reason: "no file was given"})
		return p, nil
	}
	accepted := p.screen(files, pol)
	if pol.FieldCommitments {
		if accepted, err = p.commitFields(accepted, pol); err != nil {
			return nil, err
		}
	}
	p.Mode = pol.Mode
	if p.Mode == ModeAuto {
		p.Mode = ModeBatch
		if len(accepted) == 1 && allSingle(accepted[0].Docs, pol) {
			p.Mode = ModeSingle
		}
	}
	if p.Mode == ModeBatch && !pol.Fields.IsZero() && len(accepted) > 0 {
		return nil, codes.PlanBadPolicy.Wrapf("invoice fields (number, issue date, currency, total) apply to an invoice anchored on its own, not to a batch")
	}
	if p.Mode == ModeSingle {
		err = p.singles(accepted, pol)
	} else {
		p.batches(accepted, pol)
	}
	if err != nil {
		return nil, err
	}
	p.Draft = pol.Issuer.IsZero() && len(p.Singles) > 0
	return p, nil
}

// screen applies the rules every document must pass whatever the mode
// (kind, profile, integrity, duplicates, file size) and returns the files
// all of whose documents pass; the others are refused whole.
func (p *Plan) screen(files []File, pol Policy) []*File {
	var out []*File
	seen := map[formats.Hash]string{} // document -> first file, over accepted files
	for fi := range files {
		f := &files[fi]
		if len(f.Docs) == 0 {
			p.Refused = append(p.Refused, Refusal{File: f.Name, Document: -1, Code: codes.PlanNoDocument, Reason: "the file holds no document"})
			continue
		}
		if len(f.Docs) > invoice.MaxBatch {
			p.Refused = append(p.Refused, Refusal{File: f.Name, Document: -1, Code: codes.PlanTooMany,
				Reason: "the file holds more documents than one batch may"})
			continue
		}
		refs := make([]*Refusal, len(f.Docs))
		local := map[formats.Hash]bool{}
		bad := false
		for i := range f.Docs {
			d := &f.Docs[i]
			r := screenDoc(d, pol)
			if r == nil && pol.Duplicates == DuplicatesRefuse {
				if first, dup := seen[d.CanonicalHash]; dup {
					r = &Refusal{Code: codes.PlanDuplicate, Reason: "the same document already occurs in " + first}
				} else if local[d.CanonicalHash] {
					r = &Refusal{Code: codes.PlanDuplicate, Reason: "the same document occurs twice in this file"}
				}
			}
			local[d.CanonicalHash] = true
			if r != nil {
				bad = true
				refs[i] = r
			}
		}
		if bad {
			p.refuseFile(f, refs)
			continue
		}
		for _, d := range f.Docs {
			if _, ok := seen[d.CanonicalHash]; !ok {
				seen[d.CanonicalHash] = f.Name
			}
		}
		out = append(out, f)
	}
	return out
}

// refuseFile refuses every document of f: with its own refusal where it
// has one, with plan/file_refused otherwise.
func (p *Plan) refuseFile(f *File, refs []*Refusal) {
	first := -1
	for i, r := range refs {
		if r != nil && first < 0 {
			first = i
		}
	}
	n := len(f.Docs)
	for i := range f.Docs {
		r := refs[i]
		if r == nil {
			r = &Refusal{Code: codes.PlanFileRefused, Reason: fmt.Sprintf("document %d of the file is refused, and a file is anchored whole or not at all", first+1)}
		}
		r.File, r.Document, r.DocHash = f.Name, i, invoice.Hash(f.Docs[i].CanonicalHash)
		if n > 1 {
			r.Reason = fmt.Sprintf("document %d of %d: %s", i+1, n, r.Reason)
		}
		p.Refused = append(p.Refused, *r)
	}
}

// screenDoc returns why d cannot be anchored whatever the mode, or nil.
func screenDoc(d *formats.Document, pol Policy) *Refusal {
	raw := d.Profile == formats.ProfileRaw
	switch {
	case raw && pol.Profile == formats.ProfileRaw:
	case raw || !anchorableKind(d.Kind) || !knownProfile(d.Profile):
		return &Refusal{Code: codes.PlanNotAnchorable, Reason: notAnchorableReason(d.Kind)}
	}
	if pol.Profile != "" && d.Profile != pol.Profile {
		return &Refusal{Code: codes.PlanProfileMismatch, Reason: "the document is " + d.Profile + ", not " + pol.Profile}
	}
	if in := d.Integrity; in != nil && in.Checked && !in.Valid && pol.Integrity == IntegrityRefuse {
		return &Refusal{Code: codes.PlanIntegrity, Reason: "the document's own integrity check (" + in.Method + ") fails: " + in.Reason}
	}
	return nil
}

func anchorableKind(k formats.Kind) bool {
	switch k {
	case formats.KindInvoice, formats.KindCreditNote, formats.KindTradeDocument:
		return true
	}
	return false
}

func notAnchorableReason(k formats.Kind) string {
	switch k {
	case formats.KindPayment:
		return "a payment message is recorded as a payment proof (tx payment record, dock ingest), not anchored"
	case formats.KindPaymentStatus:
		return "payment status reports (pacs.002) are not recorded; the pacs.008 or camt.054 is"
	case formats.KindCredential:
		return "verifiable credentials are attested with `corridord tx identity attest`, not anchored"
	}
	return "not a recognised trade document; anchor its bytes with profile raw if it should be"
}

// allSingle reports whether auto mode anchors docs on their own: every one
// is an invoice, raw bytes (which only a caller asking for profile raw gets
// this far with), or a trade document for which the caller gave the
// invoice fields it does not carry.
func allSingle(docs []formats.Document, pol Policy) bool {
	for _, d := range docs {
		switch {
		case d.Kind == formats.KindInvoice, d.Profile == formats.ProfileRaw:
		case d.Kind == formats.KindTradeDocument && !pol.Fields.IsZero():
		default:
			return false
		}
	}
	return true
}

// salt returns the plan's buyer-commitment salt, drawing it once.
func (p *Plan) salt(pol Policy) ([32]byte, error) {
	var s [32]byte
	switch {
	case pol.BuyerSalt != nil:
		s = *pol.BuyerSalt
	case p.BuyerSalt != "":
		b, _ := hex.DecodeString(p.BuyerSalt)
		copy(s[:], b)
		return s, nil
	default:
		r := pol.Rand
		if r == nil {
			r = rand.Reader
		}
		if _, err := io.ReadFull(r, s[:]); err != nil {
			return s, err
		}
	}
	p.BuyerSalt = hex.EncodeToString(s[:])
	return s, nil
}

// sortedProfiles returns the profiles of files (their first document's),
// sorted.
func sortedProfiles(files []*File) []string {
	set := map[string]bool{}
	for _, f := range files {
		set[f.Docs[0].Profile] = true
	}
	out := make([]string, 0, len(set))
	for k := range set {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
