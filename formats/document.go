package formats

import (
	"crypto/sha256"
	"fmt"
)

// MaxDocumentSize is the largest input any parser accepts. Larger inputs are
// refused before a single byte is parsed.
const MaxDocumentSize = 8 << 20

// Format names a detected document syntax.
type Format string

// The formats this package detects.
const (
	FormatUBL             Format = "ubl"             // OASIS UBL 2.1 Invoice / CreditNote
	FormatCII             Format = "cii"             // UN/CEFACT CII D16B CrossIndustryInvoice
	FormatEDIFACT         Format = "edifact"         // UN/EDIFACT interchange (INVOIC)
	FormatISO20022        Format = "iso20022"        // pacs.008, pacs.002, camt.054
	FormatVC              Format = "w3c-vc"          // W3C Verifiable Credential 1.1 / 2.0
	FormatOpenAttestation Format = "openattestation" // OpenAttestation v2 / TradeTrust wrapped document
	FormatRaw             Format = "raw"             // anything else: hashed byte for byte
)

// Profile identifiers name the canonical-hash rules written in
// docs/profiles/. An invoice anchor on the ledger records the profile under
// which its document hash was computed.
const (
	ProfileUBL             = "ubl-2.1"
	ProfileCII             = "cii-d16b"
	ProfileEDIFACT         = "edifact-invoic"
	ProfileISO20022        = "iso20022"
	ProfileVC              = "w3c-vc-jcs"
	ProfileOpenAttestation = "openattestation-v2"
	ProfileRaw             = "raw"
)

// Kind says what a document is for, which decides the ledger record it feeds.
type Kind string

// The document kinds.
const (
	KindInvoice       Kind = "invoice"
	KindCreditNote    Kind = "credit-note"
	KindPayment       Kind = "payment"        // pacs.008 credit transfer, camt.054 notification
	KindPaymentStatus Kind = "payment-status" // pacs.002 status report
	KindCredential    Kind = "credential"     // W3C VC → identity attestation
	KindTradeDocument Kind = "trade-document" // OpenAttestation / TradeTrust document
	KindUnknown       Kind = "unknown"
)

// Document is one parsed business document. A file may hold several (an
// EDIFACT interchange with several UNH…UNT messages).
type Document struct {
	Format        Format         `json:"format"`
	Profile       string         `json:"profile"`
	Kind          Kind           `json:"kind"`
	RawSHA256     Hash           `json:"raw_sha256"`     // SHA-256 of the exact input bytes (the whole file)
	CanonicalHash Hash           `json:"canonical_hash"` // the hash anchored on the ledger, per Profile
	Invoice       *Invoice       `json:"invoice,omitempty"`
	Payments      []Payment      `json:"payments,omitempty"`
	Credential    *Credential    `json:"credential,omitempty"`
	TradeDocument *TradeDocument `json:"trade_document,omitempty"`
	// Integrity is set for self-verifying formats (OpenAttestation, signed
	// VCs): the result of checking the document's own proof offline.
	Integrity *Integrity `json:"integrity,omitempty"`
	Warnings  []Warning  `json:"warnings,omitempty"`
	// Details holds values only field disclosure (disclose/) reads; it is
	// left out of the JSON output, which stays as it was, and nil when the
	// document has none of them.
	Details *Details `json:"-"`
}

// Details are the values of a document that field disclosure needs beyond
// the anchoring fields above.
type Details struct {
	// HSCodes are the Harmonized System codes of an invoice's lines (UBL
	// and CII item classifications with listID "HS", EDIFACT PIA with item
	// type code HS), distinct and sorted.
	HSCodes []string
	// OriginCountries are the countries of origin of an invoice's lines
	// (UBL cac:OriginCountry, CII ram:OriginTradeCountry, EDIFACT ALI),
	// distinct and sorted.
	OriginCountries []string
	// Agents are the banks of each pacs.008 payment, index for index with
	// Document.Payments; empty for other messages.
	Agents []Agents
}

// Agents identifies the debtor's and the creditor's banks of a payment
// (DbtrAgt, CdtrAgt): a BICFI, or "<clearing system>:<member id>".
type Agents struct {
	Debtor, Creditor string
}

// Invoice holds the fields of an invoice or credit note needed for
// anchoring. Amounts are decimal strings exactly as written in the document
// (normalised to a '.' decimal point), never floats.
type Invoice struct {
	Number        string `json:"number"`                  // BT-1
	TypeCode      string `json:"type_code,omitempty"`     // 380 invoice, 381 credit note, ...
	IssueDate     string `json:"issue_date"`              // YYYY-MM-DD
	DueDate       string `json:"due_date,omitempty"`      // YYYY-MM-DD
	Currency      string `json:"currency"`                // ISO 4217, BT-5
	TaxCurrency   string `json:"tax_currency,omitempty"`  // BT-6
	Total         string `json:"total"`                   // amount due for payment (BT-115), decimal string
	TaxExclusive  string `json:"tax_exclusive,omitempty"` // BT-109
	TaxTotal      string `json:"tax_total,omitempty"`     // BT-110
	SellerName    string `json:"seller_name,omitempty"`
	SellerID      string `json:"seller_id,omitempty"` // "scheme:value", e.g. "0195:201234567K" or "VA:NL123"
	BuyerName     string `json:"buyer_name,omitempty"`
	BuyerID       string `json:"buyer_id,omitempty"`
	Customization string `json:"customization,omitempty"` // UBL CustomizationID / CII guideline / EDIFACT message version
	LineCount     int    `json:"line_count"`
}

// Payment holds one payment found in an ISO 20022 message.
type Payment struct {
	MessageType   string `json:"message_type"` // "pacs.008", "pacs.002", "camt.054"
	MessageID     string `json:"message_id,omitempty"`
	UETR          string `json:"uetr,omitempty"` // lower-case UUID
	EndToEndID    string `json:"end_to_end_id,omitempty"`
	Amount        string `json:"amount,omitempty"` // decimal string
	Currency      string `json:"currency,omitempty"`
	ValueDate     string `json:"value_date,omitempty"`     // YYYY-MM-DD (IntrBkSttlmDt / ValDt)
	InvoiceNumber string `json:"invoice_number,omitempty"` // referenced invoice (RfrdDocInf/Nb), if any
	Status        string `json:"status,omitempty"`         // pacs.002 TxSts / camt.054 Sts
	CreditDebit   string `json:"credit_debit,omitempty"`   // camt.054 CRDT / DBIT
	DebtorName    string `json:"debtor_name,omitempty"`
	CreditorName  string `json:"creditor_name,omitempty"`
}

// Credential holds the fields of a W3C Verifiable Credential that an
// identity attestation records.
type Credential struct {
	ID          string   `json:"id,omitempty"`
	Types       []string `json:"types"`
	Issuer      string   `json:"issuer"`
	SubjectID   string   `json:"subject_id,omitempty"`
	ValidFrom   string   `json:"valid_from,omitempty"`  // RFC 3339
	ValidUntil  string   `json:"valid_until,omitempty"` // RFC 3339
	ProofType   string   `json:"proof_type,omitempty"`
	Cryptosuite string   `json:"cryptosuite,omitempty"`
	Version     string   `json:"version"` // "1.1" or "2.0"
	// SubjectClaims are the leaves of credentialSubject (see
	// credentialSubjectClaims), for field disclosure (disclose/); left out
	// of the JSON output, which stays as it was.
	SubjectClaims []Claim `json:"-"`
	// Status lists the credential's BitstringStatusListEntry values
	// (credentialStatus; formats/statuslist.go).
	Status []StatusEntry `json:"status,omitempty"`
}

// Claim is one leaf of a JSON object: its path (member names and array
// indexes joined with ".") and its value as RFC 8785 JSON text (a string
// keeps its quotes, so "true" and true differ).
type Claim struct {
	Path  string
	Value string
}

// TradeDocument holds the fields of an OpenAttestation / TradeTrust wrapped
// document.
type TradeDocument struct {
	TargetHash    string   `json:"target_hash"` // hex, as in the document
	MerkleRoot    string   `json:"merkle_root"` // hex; this is what Corridor anchors
	Issuers       []string `json:"issuers"`     // issuer names
	DocumentStore string   `json:"document_store,omitempty"`
	TokenRegistry string   `json:"token_registry,omitempty"`
	// Token is the token-registry reference of a wrapped transferable
	// document (registry, chain, token id); nil for other documents.
	Token      *TokenReference `json:"token,omitempty"`
	Template   string          `json:"template,omitempty"`
	Obfuscated int             `json:"obfuscated"` // number of obfuscated fields
	// Data are the document's visible data fields, flattened as
	// OpenAttestation flattens them for its targetHash, with the salt
	// removed (see openAttestationData). They feed field disclosure
	// (disclose/) and are left out of the JSON output, which stays as it was.
	Data []OAField `json:"-"`

	// RevocationStore is the first issuer's revocation store (its
	// issuers[].revocation.location when the type is REVOCATION_STORE).
	RevocationStore string `json:"revocation_store,omitempty"`
}

// OAField is one flattened field of an OpenAttestation v2 document's data.
type OAField struct {
	Key   string // flattened key, e.g. "recipient.name", "issuers.0.name"
	Type  string // the salted value's type ("string", "number", "boolean", "null", "undefined"); "" when unsalted
	Value string // the value as text with the salt removed
}

// Integrity is the result of checking a self-verifying document offline.
type Integrity struct {
	Checked bool   `json:"checked"` // false when the format carries no verifiable proof
	Valid   bool   `json:"valid"`
	Method  string `json:"method"`           // e.g. "openattestation-v2-merkle", "eddsa-jcs-2022"
	Reason  string `json:"reason,omitempty"` // why it failed, or why it was not checked
}

// Warning is a problem found that does not stop hashing, such as a wrong
// EDIFACT UNT segment count.
type Warning struct {
	Rule    string `json:"rule"`
	Where   string `json:"where,omitempty"` // "line 12", "segment 37 (UNT)"
	Message string `json:"message"`
}

// Hash is a SHA-256 (or, for OpenAttestation, Keccak-256) digest.
type Hash [32]byte

// String returns the hash in lower-case hex.
func (h Hash) String() string { return fmt.Sprintf("%x", h[:]) }

// MarshalText encodes the hash as lower-case hex.
func (h Hash) MarshalText() ([]byte, error) { return []byte(h.String()), nil }

// RawHash returns the SHA-256 of data.
func RawHash(data []byte) Hash { return sha256.Sum256(data) }

// ParseError is returned for input that cannot be parsed or violates a
// profile rule that blocks hashing. Rule is a stable identifier such as
// "xml.doctype-forbidden" or "edifact.unterminated-segment".
type ParseError struct {
	Format Format
	Rule   string
	Where  string // "line 12 column 4", "segment 37 (UNT)", "$.proof.proofValue"
	Msg    string
}

// Error formats the error as "format: where: rule: message".
func (e *ParseError) Error() string {
	if e.Where != "" {
		return fmt.Sprintf("%s: %s: %s: %s", e.Format, e.Where, e.Rule, e.Msg)
	}
	return fmt.Sprintf("%s: %s: %s", e.Format, e.Rule, e.Msg)
}
