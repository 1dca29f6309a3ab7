package proof

import (
	"encoding/hex"
	"encoding/json"
	"fmt"

	"github.com/corridor-trade/corridor/codes"
	"github.com/corridor-trade/corridor/disclose"
	"github.com/corridor-trade/corridor/formats"
)

// CheckOADocument names the line of an OpenAttestation v2 document's own
// obfuscation check, which takes the place of the fields line.
const CheckOADocument = "openattestation"

// VerifyOpenAttestation is VerifyDisclosure for an OpenAttestation v2
// document, obfuscated or not, which is its own disclosure
// (docs/disclosure.md, "OpenAttestation v2"): its visible salted fields
// and obfuscated hashes must give its targetHash and its proof must fold
// that to its merkleRoot (disclose.FromOpenAttestation); cert, the
// certificate of that merkleRoot, verifies with the usual lines; and the
// certified document is that merkleRoot. The visible fields are the
// disclosed ones. The error is non-nil only when trust is missing.
func VerifyOpenAttestation(raw []byte, cert *Certificate, trust *TrustRoot, opts Options) (*DisclosureVerdict, error) {
	if trust == nil {
		return nil, fmt.Errorf("no trust root: give a genesis file or a trusted height and hash")
	}
	dv := &DisclosureVerdict{Disclosed: []DisclosedField{}}
	dv.Trust = trust.Describe()
	oa, err := disclose.FromOpenAttestation(raw)
	if err != nil {
		dv.add(CheckOADocument, "OpenAttestation fields", false, err.Error())
		dv.fail(codeOr(err, disclose.ErrOAInvalid))
		finish(&dv.Verdict)
		return dv, nil
	}
	dv.Profile, dv.Count, dv.Document = oa.Profile, oa.Count, hex.EncodeToString(oa.DocHash[:])
	dv.add(CheckOADocument, "OpenAttestation fields", true, fmt.Sprintf("%d visible fields and %d obfuscated hashes give targetHash %x, whose proof folds to merkleRoot %x",
		len(oa.Fields), oa.Obfuscated, oa.TargetHash[:], oa.DocHash[:]))
	if cert == nil {
		dv.add(CheckFieldRoot, "merkleRoot anchored", false, "no certificate of the document's merkleRoot was given")
		dv.fail(codes.DiscloseNoCertificate)
		finish(&dv.Verdict)
		return dv, nil
	}
	dv.certify(cert, trust, opts, CheckFieldRoot, "merkleRoot anchored", func(v *Verdict) (bool, string, *codes.Error) {
		doc, err := cert.DocHash()
		if err != nil || doc != oa.DocHash {
			return false, fmt.Sprintf("the certificate is about document %s, the OpenAttestation document's merkleRoot is %x", cert.Document.Hash, oa.DocHash[:]), codes.DiscloseAnchorMismatch
		}
		for _, check := range []string{CheckHeader, CheckProofs, CheckAnchored} {
			if l := v.Line(check); l == nil || !l.OK {
				return false, "not checked: the certificate's " + check + " line fails", codes.DiscloseCertificateFails
			}
		}
		return true, fmt.Sprintf("merkleRoot %x, which commits to all %d fields, is the certified anchored document", oa.DocHash[:], oa.Count), nil
	})
	finish(&dv.Verdict)
	if dv.Valid {
		for _, f := range oa.Fields {
			dv.Disclosed = append(dv.Disclosed, DisclosedField{ID: f.ID, Name: f.Name, Value: f.Value})
		}
	}
	return dv, nil
}

// IsOpenAttestation reports whether data is an OpenAttestation v2 document
// rather than a corridor-disclosure file (which has a "format"): the test
// `corridord verify --disclosure` and the customs page use to tell the two
// kinds of disclosure apart.
func IsOpenAttestation(data []byte) bool {
	var probe struct {
		Format *string `json:"format"`
	}
	if json.Unmarshal(data, &probe) != nil || probe.Format != nil {
		return false
	}
	docs, err := formats.Parse(data)
	return err == nil && len(docs) == 1 && docs[0].Profile == formats.ProfileOpenAttestation
}
