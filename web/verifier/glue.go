package verifier

import (
	"fmt"

	"github.com/corridor-trade/corridor/codes"
	"github.com/corridor-trade/corridor/formats"
	"github.com/corridor-trade/corridor/proof"
)

// The functions of this file do for the page what cmd/corridord does
// around proof's entry points (verify_status.go's statusOptions and
// verify_disclosure.go's runVerifyOpenAttestation), over bytes instead of
// files; the tests they share (proof.IsOpenAttestation,
// proof.CheckListsNamed) live in proof.

// IsOpenAttestation reports whether data is an OpenAttestation v2 document
// rather than a corridor-disclosure file (proof.IsOpenAttestation, as
// `corridord verify --disclosure` tells them apart).
func IsOpenAttestation(data []byte) bool { return proof.IsOpenAttestation(data) }

// verifyOpenAttestation is `corridord verify --disclosure OA.json
// --certificate CERT.json` over bytes. Without a certificate the verdict
// (not an Error) refuses with disclose/no_certificate, so the page can
// still show the document's own line and ask for the certificate.
func verifyOpenAttestation(data, certBytes []byte, tr *proof.TrustRoot) DisclosureResult {
	var cert *proof.Certificate
	if len(certBytes) > 0 {
		c, err := proof.ParseCertificate(certBytes)
		if err != nil {
			return DisclosureResult{Error: codedError(codes.DiscloseNoCertificate.Wrapf("the certificate: %v", err)), OpenAttestation: true}
		}
		cert = c
	}
	v, err := proof.VerifyOpenAttestation(data, cert, tr, proof.Options{})
	if err != nil {
		return DisclosureResult{Error: codedError(err), OpenAttestation: true}
	}
	return DisclosureResult{Verdict: v, OpenAttestation: true}
}

// statusLists decodes the status-list files given beside a document, as
// `corridord verify --status-list` does: a file that does not decode is
// refused with status/bad_list_credential, and, when the document is
// given, a list none of its BitstringStatusListEntry values names with
// status/bad_status_entry.
func statusLists(file []byte, files [][]byte) ([]*formats.StatusList, error) {
	if len(files) == 0 {
		return nil, nil
	}
	var lists []*formats.StatusList
	for i, data := range files {
		l, err := formats.DecodeStatusList(data)
		if err != nil {
			return nil, codes.StatusBadCredential.Wrapf("status list %d: %v", i+1, err)
		}
		lists = append(lists, l)
	}
	if file != nil {
		if err := proof.CheckListsNamed(proof.FileStatusRef(file), lists, func(i int) string { return fmt.Sprintf("status list %d", i+1) }); err != nil {
			return nil, err
		}
	}
	return lists, nil
}
