package disclose

import (
	"encoding/hex"

	"github.com/corridor-trade/corridor/formats"
)

// OADisclosure is the verdict on an OpenAttestation v2 document's own
// selective disclosure. OpenAttestation salts every data field itself and
// lets the holder replace a field by its hash (privacy.obfuscatedData); the
// document's targetHash covers visible and hidden fields alike and its
// merkleRoot is what Corridor anchors. So an obfuscated OpenAttestation
// document is already a disclosure: FromOpenAttestation checks it and
// returns its visible fields with the same ids, names and values that
// Fields gives for the same document, so a verifier prints the same lines
// for both kinds.
type OADisclosure struct {
	Profile    string   // always formats.ProfileOpenAttestation
	DocHash    [32]byte // signature.merkleRoot: the anchored canonical hash
	TargetHash [32]byte // signature.targetHash
	Fields     []Field  // the visible fields, sorted by id ("oa:<flattened key>")
	Obfuscated int      // the number of hidden fields (privacy.obfuscatedData)
	Count      int      // the number of fields targetHash covers: len(Fields) + Obfuscated
}

// FromOpenAttestation checks a wrapped OpenAttestation v2 document (its
// obfuscated or full form) offline, as open-attestation's verify does:
// the visible salted data and the obfuscated hashes must give
// signature.targetHash, and signature.proof must fold it to
// signature.merkleRoot. It does not check the issuer's signature or the
// document store: the anchor of merkleRoot in Corridor's state takes that
// place, checked by the caller from the certificate. A document that is not
// OpenAttestation v2 is disclose/unsupported_profile, one that is not
// wrapped or fails the check disclose/openattestation_invalid.
func FromOpenAttestation(raw []byte) (*OADisclosure, error) {
	docs, err := formats.Parse(raw)
	if err != nil {
		return nil, ErrMalformed.Wrapf("%v", err)
	}
	if len(docs) != 1 || docs[0].Profile != formats.ProfileOpenAttestation || docs[0].TradeDocument == nil {
		return nil, ErrUnsupportedProfile.Wrapf("the file is not one OpenAttestation v2 document")
	}
	doc := &docs[0]
	in := doc.Integrity
	switch {
	case in == nil || !in.Checked:
		return nil, ErrOAInvalid.Wrapf("the document is not wrapped: it has no targetHash or merkleRoot to check")
	case !in.Valid:
		return nil, ErrOAInvalid.Wrapf("%s", in.Reason)
	}
	td := doc.TradeDocument
	target, err := hex.DecodeString(td.TargetHash)
	if err != nil || len(target) != 32 {
		return nil, ErrOAInvalid.Wrapf("signature.targetHash is not 32 bytes of hex")
	}
	out := &OADisclosure{Profile: doc.Profile, DocHash: doc.CanonicalHash, Fields: oaFields(td.Data), Obfuscated: td.Obfuscated}
	copy(out.TargetHash[:], target)
	out.Count = len(out.Fields) + out.Obfuscated
	sortFields(out.Fields)
	return out, nil
}
