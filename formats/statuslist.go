package formats

import (
	"bytes"
	"compress/gzip"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strconv"
)

// The W3C Bitstring Status List v1.0 (https://www.w3.org/TR/vc-bitstring-status-list/)
// names used here.
const (
	StatusEntryType          = "BitstringStatusListEntry"
	StatusListCredentialType = "BitstringStatusListCredential"
	StatusListType           = "BitstringStatusList"
)

// MaxStatusListBytes bounds a decompressed bitstring: 16 MiB, 134,217,728
// entries, a thousand times the spec's 16 KB minimum. A larger one (or a
// GZIP bomb claiming to be one) is refused without being inflated beyond
// the bound.
const MaxStatusListBytes = 16 << 20

// The stable rule identifiers of the status-list decoders.
const (
	RuleStatusNotList  = "statuslist.not-a-list"
	RuleStatusEncoding = "statuslist.encoding"
	RuleStatusTooLarge = "statuslist.too-large"
	RuleStatusEntry    = "statuslist.entry"
)

// StatusEntry is one BitstringStatusListEntry of a credential's
// credentialStatus.
type StatusEntry struct {
	ID             string `json:"id,omitempty"`
	Purpose        string `json:"status_purpose"`
	Index          uint64 `json:"status_list_index"`
	ListCredential string `json:"status_list_credential"` // the list credential's id URL
	Size           int    `json:"status_size,omitempty"`  // bits per entry; 1 when absent
}

// StatusList is a decoded BitstringStatusListCredential.
type StatusList struct {
	ID         string `json:"id"` // the credential's id URL
	Issuer     string `json:"issuer"`
	Purpose    string `json:"status_purpose"`
	ValidFrom  string `json:"valid_from,omitempty"`
	ValidUntil string `json:"valid_until,omitempty"`
	// Hash is the SHA-256 of the credential's RFC 8785 form, proof
	// included: the w3c-vc-jcs canonical hash formats.Parse gives it, and
	// what x/status anchors.
	Hash Hash   `json:"hash"`
	Bits []byte `json:"-"` // the bitstring; entry 0 is the high bit of Bits[0]
}

// Len is the number of 1-bit entries of the list.
func (l *StatusList) Len() uint64 { return uint64(len(l.Bits)) * 8 }

// Bit returns the status bit at index: the spec's bitstring is read from
// the left, entry 0 being the most significant bit of the first byte.
func (l *StatusList) Bit(index uint64) (bool, error) {
	if index >= l.Len() {
		return false, fmt.Errorf("index %d is beyond the list's %d entries", index, l.Len())
	}
	return l.Bits[index/8]&(0x80>>(index%8)) != 0, nil
}

func statusErr(rule, where, format string, a ...any) error {
	return &ParseError{Format: FormatVC, Rule: rule, Where: where, Msg: fmt.Sprintf(format, a...)}
}

// DecodeStatusList decodes a BitstringStatusListCredential: strict JSON,
// type VerifiableCredential and BitstringStatusListCredential, an id, a
// credentialSubject of type BitstringStatusList with one statusPurpose and
// an encodedList, which must be the multibase base64url form ("u", no
// padding) of a GZIP stream of at most MaxStatusListBytes. The embedded
// proof is not checked here: the list is trusted because its hash is
// anchored by the attester that hosts it.
func DecodeStatusList(data []byte) (*StatusList, error) {
	root, err := decodeStrict(data)
	if err != nil {
		return nil, err
	}
	obj, ok := root.(map[string]any)
	if !ok || vcVersion(obj) == "" {
		return nil, statusErr(RuleStatusNotList, "$", "not a W3C Verifiable Credential (no credentials @context)")
	}
	types, _ := stringOrStrings(obj["type"])
	if !slices.Contains(types, "VerifiableCredential") || !slices.Contains(types, StatusListCredentialType) {
		return nil, statusErr(RuleStatusNotList, "$.type", "type must include VerifiableCredential and %s", StatusListCredentialType)
	}
	l := &StatusList{Issuer: credentialIssuer(obj)}
	if l.ID, _ = getString(obj, "id"); l.ID == "" {
		return nil, statusErr(RuleStatusNotList, "$.id", "a status list credential must have an id (the URL entries name)")
	}
	l.ValidFrom, _ = getString(obj, "validFrom")
	l.ValidUntil, _ = getString(obj, "validUntil")
	subj, ok := getObject(obj, "credentialSubject")
	if !ok {
		return nil, statusErr(RuleStatusNotList, "$.credentialSubject", "want one credentialSubject object")
	}
	if st, _ := stringOrStrings(subj["type"]); !slices.Contains(st, StatusListType) {
		return nil, statusErr(RuleStatusNotList, "$.credentialSubject.type", "want %s", StatusListType)
	}
	if l.Purpose, _ = getString(subj, "statusPurpose"); l.Purpose == "" {
		return nil, statusErr(RuleStatusNotList, "$.credentialSubject.statusPurpose", "want one statusPurpose string")
	}
	enc, _ := getString(subj, "encodedList")
	if l.Bits, err = DecodeBitstring(enc); err != nil {
		return nil, err
	}
	if l.Hash, err = canonicalSHA256(obj); err != nil {
		return nil, statusErr(RuleVCCanonicalization, "$", "%v", err)
	}
	return l, nil
}

// DecodeBitstring decodes an encodedList value: "u" then base64url without
// padding of a GZIP stream, inflated to at most MaxStatusListBytes.
func DecodeBitstring(enc string) ([]byte, error) {
	const where = "$.credentialSubject.encodedList"
	if len(enc) < 2 || enc[0] != 'u' {
		return nil, statusErr(RuleStatusEncoding, where, "want a multibase base64url value (starting with u)")
	}
	gz, err := base64.RawURLEncoding.Strict().DecodeString(enc[1:])
	if err != nil {
		return nil, statusErr(RuleStatusEncoding, where, "not base64url without padding: %v", err)
	}
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		return nil, statusErr(RuleStatusEncoding, where, "not GZIP: %v", err)
	}
	zr.Multistream(false)
	bits, err := io.ReadAll(io.LimitReader(zr, MaxStatusListBytes+1))
	if err != nil {
		return nil, statusErr(RuleStatusEncoding, where, "GZIP stream is broken: %v", err)
	}
	if len(bits) > MaxStatusListBytes {
		return nil, statusErr(RuleStatusTooLarge, where, "the bitstring inflates beyond %d bytes", MaxStatusListBytes)
	}
	if len(bits) == 0 {
		return nil, statusErr(RuleStatusEncoding, where, "the bitstring is empty")
	}
	return bits, nil
}

// EncodeBitstring returns the encodedList form of bits (GZIP, base64url
// without padding, multibase "u"), for building list credentials.
func EncodeBitstring(bits []byte) string {
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	zw.Write(bits)
	zw.Close()
	return "u" + base64.RawURLEncoding.EncodeToString(b.Bytes())
}

// credentialStatusEntries returns the BitstringStatusListEntry values of
// credentialStatus (one object or an array); entries of other types are
// skipped, and a malformed BitstringStatusListEntry is a warning.
func credentialStatusEntries(obj map[string]any, warnings []Warning) ([]StatusEntry, []Warning) {
	var list []any
	switch v := obj["credentialStatus"].(type) {
	case map[string]any:
		list = []any{v}
	case []any:
		list = v
	default:
		return nil, warnings
	}
	var out []StatusEntry
	for i, it := range list {
		m, ok := it.(map[string]any)
		if !ok {
			continue
		}
		if t, _ := stringOrStrings(m["type"]); !slices.Contains(t, StatusEntryType) {
			continue
		}
		e, err := statusEntry(m)
		if err != nil {
			warnings = append(warnings, Warning{Rule: RuleStatusEntry, Where: fmt.Sprintf("$.credentialStatus[%d]", i), Message: err.Error()})
			continue
		}
		out = append(out, e)
	}
	return out, warnings
}

func statusEntry(m map[string]any) (StatusEntry, error) {
	var e StatusEntry
	e.ID, _ = getString(m, "id")
	e.Purpose, _ = getString(m, "statusPurpose")
	e.ListCredential, _ = getString(m, "statusListCredential")
	idx, _ := getString(m, "statusListIndex")
	if e.Purpose == "" || e.ListCredential == "" {
		return e, fmt.Errorf("a %s needs statusPurpose and statusListCredential", StatusEntryType)
	}
	n, err := strconv.ParseUint(idx, 10, 64)
	if err != nil || idx != strconv.FormatUint(n, 10) {
		return e, fmt.Errorf("statusListIndex %q is not a decimal integer string", truncate(idx, 32))
	}
	e.Index = n
	if s, ok := m["statusSize"]; ok {
		sz, _ := strconv.Atoi(fmt.Sprint(s))
		if sz < 1 {
			return e, fmt.Errorf("statusSize %v is not a positive integer", s)
		}
		e.Size = sz
	}
	return e, nil
}

// StatusEntries returns the credential's BitstringStatusListEntry values.
func (c *Credential) StatusEntries() []StatusEntry {
	if c == nil {
		return nil
	}
	return c.Status
}

// NewStatusListCredential writes an unsigned BitstringStatusListCredential
// (data model 2.0) with the given id URL, issuer, purpose and bitstring:
// for issuers building a list and for tests. A real list is then signed by
// its issuer; Corridor anchors the hash of whatever is published.
func NewStatusListCredential(id, issuer, purpose string, bits []byte) []byte {
	b, _ := json.Marshal(map[string]any{
		"@context": []string{vcContextV2},
		"id":       id,
		"type":     []string{"VerifiableCredential", StatusListCredentialType},
		"issuer":   issuer,
		"credentialSubject": map[string]any{
			"id": id + "#list", "type": StatusListType, "statusPurpose": purpose, "encodedList": EncodeBitstring(bits),
		},
	})
	return b
}
