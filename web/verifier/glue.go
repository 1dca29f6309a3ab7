package verifier

import (
	"encoding/json"
	"strings"

	"github.com/corridor-trade/corridor/codes"
	"github.com/corridor-trade/corridor/formats"
	"github.com/corridor-trade/corridor/proof"
)

// The functions of this file are the page's copy of what cmd/corridord
// does around proof's entry points (verify_status.go's statusOptions,
// verify_disclosure.go's isOpenAttestation and runVerifyOpenAttestation),
// which live in package main and cannot be imported.

// IsOpenAttestation reports whether data is an OpenAttestation v2 document
// rather than a corridor-disclosure file, as `corridord verify
// --disclosure` tells them apart.
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
	var ref *proof.StatusRef
	if file != nil {
		for _, d := range proof.FileHash(file) {
			if ref = proof.StatusRefOf(&d); ref != nil {
				break
			}
		}
	}
	var lists []*formats.StatusList
	for i, data := range files {
		l, err := formats.DecodeStatusList(data)
		if err != nil {
			return nil, codes.StatusBadCredential.Wrapf("status list %d: %v", i+1, err)
		}
		if file != nil {
			if ref == nil || len(ref.Lists) == 0 {
				return nil, codes.StatusBadEntry.Wrapf("status list %s: the document names no BitstringStatusListEntry (credentialStatus)", l.ID)
			}
			var named []string
			match := false
			for _, e := range ref.Lists {
				named = append(named, e.ListCredential)
				match = match || e.ListCredential == l.ID
			}
			if !match {
				return nil, codes.StatusBadEntry.Wrapf("the status list is list %s; the document's entries name %s", l.ID, strings.Join(named, ", "))
			}
		}
		lists = append(lists, l)
	}
	return lists, nil
}
