package anchorplan

import (
	"encoding/json"
	"fmt"

	"github.com/corridor-trade/corridor/codes"
	"github.com/corridor-trade/corridor/x/invoice"
)

// Refusal is a document the plan does not anchor, with why.
type Refusal struct {
	File string
	// Document is the document's position in its file (0-based), or -1
	// when the refusal is about the whole file (it holds no document).
	Document int
	DocHash  invoice.Hash
	// Code is the stable code (plan/..., or the invoice code of a field
	// that fails the ledger's own checks, e.g. invoice/bad_currency).
	Code   *codes.Error
	Reason string
}

// Err is the refusal as an error carrying its code.
func (r Refusal) Err() error { return r.Code.Wrapf("%s", r.String()) }

// String is "file: reason".
func (r Refusal) String() string {
	if r.File == "" {
		return r.Reason
	}
	return r.File + ": " + r.Reason
}

type refusalJSON struct {
	File      string       `json:"file"`
	Document  int          `json:"document"`
	DocHash   invoice.Hash `json:"doc_hash,omitzero"`
	Code      uint32       `json:"code"`
	Codespace string       `json:"codespace"`
	Error     string       `json:"error"`
	Reason    string       `json:"reason"`
}

// MarshalJSON writes the code as number, codespace and codespace/name.
func (r Refusal) MarshalJSON() ([]byte, error) {
	j := refusalJSON{File: r.File, Document: r.Document, DocHash: r.DocHash, Reason: r.Reason}
	if r.Code != nil {
		j.Code, j.Codespace, j.Error = r.Code.Code, r.Code.Codespace, r.Code.Error()
	}
	return json.Marshal(j)
}

// UnmarshalJSON reads what MarshalJSON writes; the code must be in the table.
func (r *Refusal) UnmarshalJSON(b []byte) error {
	var j refusalJSON
	if err := json.Unmarshal(b, &j); err != nil {
		return err
	}
	c := codes.ByCode(j.Code)
	if c == nil {
		return fmt.Errorf("refusal code %d is not in the table", j.Code)
	}
	*r = Refusal{File: j.File, Document: j.Document, DocHash: j.DocHash, Code: c, Reason: j.Reason}
	return nil
}
