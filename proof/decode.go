package proof

import (
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"time"

	"github.com/corridor-trade/corridor/codec"
	"github.com/corridor-trade/corridor/x/export"
	"github.com/corridor-trade/corridor/x/identity"
	"github.com/corridor-trade/corridor/x/invoice"
	"github.com/corridor-trade/corridor/x/membership"
	"github.com/corridor-trade/corridor/x/payment"
	"github.com/corridor-trade/corridor/x/recognition"
	"github.com/corridor-trade/corridor/x/status"
	"github.com/corridor-trade/corridor/x/title"
)

// Decode renders a stored record as JSON for human readers of a
// certificate, or returns nil when the kind is unknown or the bytes do not
// decode. Verifiers must not rely on it.
func Decode(key, value []byte) json.RawMessage {
	if value == nil {
		return nil
	}
	var v any
	switch KindOf(key) {
	case "block-time":
		if len(value) != 8 {
			return nil
		}
		v = time.Unix(0, int64(binary.BigEndian.Uint64(value))).UTC()
	case "invoice":
		v = &invoice.Invoice{}
	case "batch":
		v = &invoice.Batch{}
	case "revocation":
		v = &invoice.Revocation{}
	case "payment":
		v = &payment.Payment{}
	case "member":
		v = &membership.Member{}
	case "jurisdiction":
		v = &membership.Jurisdiction{}
	case "validator":
		v = &membership.Validator{}
	case "attestation":
		v = &identity.Attestation{}
	case "recognition-attester-rule", "recognition-jurisdiction-rule":
		v = &recognition.Rule{}
	case "recognition-profiles":
		v = &recognition.ProfileRule{}
	case "export-flow":
		v = &export.Flow{}
	case "export-evidence":
		v = &export.Evidence{}
	case "status-list-head":
		v = &status.ListHead{}
	case "status-list-version":
		v = &status.ListVersion{}
	case "oa-revocation-store":
		v = &status.OAStore{}
	case "oa-revocation":
		v = &status.OARevocation{}
	case "transferable-record":
		v = &title.Record{}
	case "legal-effect":
		v = &title.LegalEffect{}
	case "attestation-subject-index":
		v = map[string]string{"attestation_id": hex.EncodeToString(value)}
	default:
		return nil
	}
	switch x := v.(type) {
	case time.Time, map[string]string:
	default:
		if err := codec.Unmarshal(value, x); err != nil {
			return nil
		}
	}
	// Invoices and payments read better in the query answers' form.
	empty := NewProvenKV()
	switch x := v.(type) {
	case *invoice.Invoice:
		var doc invoice.Hash
		if len(key) == len("iv/")+len(doc) {
			copy(doc[:], key[len("iv/"):])
			v = invoice.View(empty, doc, x)
		}
	case *payment.Payment:
		var id payment.ID
		if len(key) == len("py/")+len(id) {
			copy(id[:], key[len("py/"):])
			v = payment.ViewOf(empty, id, x)
		}
	}
	b, err := json.Marshal(v)
	if err != nil {
		return nil
	}
	return b
}
