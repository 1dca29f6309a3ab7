package anchorplan

import (
	"crypto/rand"

	"github.com/corridor-trade/corridor/codes"
	"github.com/corridor-trade/corridor/disclose"
	"github.com/corridor-trade/corridor/formats"
	"github.com/corridor-trade/corridor/x/invoice"
)

// DocumentSecrets are the field-commitment secrets of one planned document:
// what its issuer keeps to disclose fields later (docs/disclosure.md). They
// never go on the ledger; only Secrets.Root does, as the anchor's (or batch
// member's) field root.
type DocumentSecrets struct {
	DocHash invoice.Hash
	// Files names every file the document occurs in.
	Files   []string
	Secrets *disclose.Secrets
}

// commitFields draws the field secrets of every distinct document of files
// (Policy.FieldCommitments), in input order, and returns the files all of
// whose documents have them; a file with a document whose fields cannot be
// committed to (an unsupported profile, raw bytes) is refused whole with
// the disclose code.
func (p *Plan) commitFields(files []*File, pol Policy) ([]*File, error) {
	r := pol.Rand
	if r == nil {
		r = rand.Reader
	}
	p.roots = map[invoice.Hash]invoice.Hash{}
	index := map[invoice.Hash]int{} // document -> position in p.Secrets
	var out []*File
	for _, f := range files {
		refs := make([]*Refusal, len(f.Docs))
		var fresh []DocumentSecrets
		local := map[invoice.Hash]bool{}
		bad := false
		for i := range f.Docs {
			h := invoice.Hash(f.Docs[i].CanonicalHash)
			if _, ok := index[h]; ok || local[h] {
				continue
			}
			local[h] = true
			sec, err := pol.KnownSecrets[h], error(nil)
			if sec == nil {
				sec, err = disclose.NewSecrets(&f.Docs[i], r)
			}
			if err != nil {
				if c := codes.Of(err); c == codes.Internal {
					return nil, err // the random source failed
				}
				refs[i], bad = &Refusal{Code: codeOf(err, codes.PlanNotAnchorable), Reason: "field commitments: " + err.Error()}, true
				continue
			}
			fresh = append(fresh, DocumentSecrets{DocHash: h, Secrets: sec})
		}
		if bad {
			p.refuseFile(f, refs)
			continue
		}
		for _, s := range fresh {
			index[s.DocHash] = len(p.Secrets)
			p.Secrets = append(p.Secrets, s)
			p.roots[s.DocHash] = s.Secrets.Root
		}
		for _, d := range f.Docs {
			s := &p.Secrets[index[invoice.Hash(d.CanonicalHash)]]
			if n := len(s.Files); n == 0 || s.Files[n-1] != f.Name {
				s.Files = append(s.Files, f.Name)
			}
		}
		out = append(out, f)
	}
	return out, nil
}

// fieldRoot returns the field root planned for doc, or zero when the plan
// commits to no fields.
func (p *Plan) fieldRoot(doc formats.Hash) invoice.Hash { return p.roots[invoice.Hash(doc)] }

// SecretsOf returns the field secrets planned for the document doc.
func (p *Plan) SecretsOf(doc invoice.Hash) (*disclose.Secrets, bool) {
	for _, s := range p.Secrets {
		if s.DocHash == doc {
			return s.Secrets, true
		}
	}
	return nil, false
}

// SecretsIn returns the field secrets of the documents of one file.
func (p *Plan) SecretsIn(file string) []DocumentSecrets {
	var out []DocumentSecrets
	for _, s := range p.Secrets {
		for _, f := range s.Files {
			if f == file {
				out = append(out, s)
				break
			}
		}
	}
	return out
}
