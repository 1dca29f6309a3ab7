package localnet_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/corridor-trade/corridor/codes"
	"github.com/corridor-trade/corridor/formats"
	"github.com/corridor-trade/corridor/internal/localnet"
	"github.com/corridor-trade/corridor/internal/netgen"
	"github.com/corridor-trade/corridor/internal/testdocs"
	"github.com/corridor-trade/corridor/proof"
	"github.com/corridor-trade/corridor/proof/fetch"
	"github.com/corridor-trade/corridor/x/invoice"
	"github.com/corridor-trade/corridor/x/kit"
	"github.com/corridor-trade/corridor/x/status"
)

// statusVC is a W3C VC 2.0 (an AEO credential of a Shanghai trader) whose
// revocation is a bit of the attester's status list.
func statusVC(listURL string, index string) []byte {
	b, _ := json.Marshal(map[string]any{
		"@context":          []string{"https://www.w3.org/ns/credentials/v2"},
		"id":                "urn:uuid:2f7c5d1e-6b0a-4c3e-9f18-0d4b3a2c1e5f",
		"type":              []string{"VerifiableCredential"},
		"issuer":            "did:web:sh-attester.example",
		"validFrom":         "2026-01-01T00:00:00Z",
		"credentialSubject": map[string]any{"id": "did:web:sh-trader.example", "aeo": "CN-AEO-310000-0042"},
		"credentialStatus": map[string]any{"id": listURL + "#" + index, "type": "BitstringStatusListEntry",
			"statusPurpose": "revocation", "statusListIndex": index, "statusListCredential": listURL},
	})
	return b
}

// TestStatusListStory is issue 16's status-list story on four validators:
// Shanghai's attester anchors version 1 of the status list it hosts and a
// credential verifies not revoked; it anchors version 2 with the
// credential's bit set, and the verifier reports it revoked as of the new
// height and not revoked with the certificate from before, offline.
func TestStatusListStory(t *testing.T) {
	if testing.Short() {
		t.Skip("network test")
	}
	js := netgen.DefaultJurisdictions()
	net := localnet.Start(t, localnet.Options{ChainID: "corridor-status-1", AppState: map[string]json.RawMessage{
		"recognition": netgen.SampleRecognition(js)}})
	net.WaitForHeight(2, time.Minute)
	s := story{t, net}
	trust, err := proof.GenesisTrust(net.Gen.Genesis)
	if err != nil {
		t.Fatal(err)
	}

	const url = "https://sh-attester.example/status/3"
	const index = 94487
	vc := statusVC(url, "94487")
	docs, err := formats.Parse(vc)
	if err != nil {
		t.Fatal(err)
	}
	ref := proof.StatusRefOf(&docs[0])
	if ref == nil || len(ref.Lists) != 1 || ref.Lists[0].Index != index {
		t.Fatalf("status entries %+v", ref)
	}
	bits := make([]byte, 16<<10)
	v1raw := formats.NewStatusListCredential(url, "did:web:sh-attester.example", "revocation", bits)
	bits[index/8] |= 0x80 >> (index % 8)
	v2raw := formats.NewStatusListCredential(url, "did:web:sh-attester.example", "revocation", bits)
	v1, err1 := formats.DecodeStatusList(v1raw)
	v2, err2 := formats.DecodeStatusList(v2raw)
	if err1 != nil || err2 != nil {
		t.Fatal(err1, err2)
	}

	// certify builds a certificate through node, round-trips it through
	// its JSON form and verifies it offline with the list files given.
	certify := func(node int) *proof.Certificate {
		t.Helper()
		c, err := fetch.Build(context.Background(), net.Client(node).RPC, docs[0].CanonicalHash, fetch.Options{Status: ref})
		if err != nil {
			t.Fatal(err)
		}
		raw, err := c.Marshal()
		if err != nil {
			t.Fatal(err)
		}
		back, err := proof.ParseCertificate(raw)
		if err != nil {
			t.Fatal(err)
		}
		return back
	}
	line := func(c *proof.Certificate, lists ...*formats.StatusList) *proof.Line {
		t.Helper()
		v, err := proof.VerifyCertificateWith(c, trust, proof.Options{File: vc, StatusLists: lists})
		if err != nil {
			t.Fatal(err)
		}
		l := v.Line(proof.CheckCredentialStatus)
		if l == nil {
			var sb strings.Builder
			v.WriteText(&sb)
			t.Fatalf("no credential-status line:\n%s", sb.String())
		}
		return l
	}

	// Nothing anchored yet: a clear line, not "ok".
	if l := line(certify(0), v1); l.OK || !strings.Contains(l.Detail, "no version of status list "+url+" is anchored") {
		t.Fatalf("before any list: %+v", l)
	}

	listID := status.ListIDHash(url)
	s.ok(0, "sh-attester", &status.MsgAnchorList{List: listID, Version: 1, Purpose: status.PurposeRevocation, ListHash: status.Hash(v1.Hash)})
	s.fails(1, "sg-attester", codes.StatusNotOwner, &status.MsgAnchorList{List: listID, Version: 2, Purpose: status.PurposeRevocation, ListHash: status.Hash(v2.Hash)})
	before := certify(1)
	if before.Status == nil || before.Status.Lists[0].Version != 1 {
		t.Fatalf("the certificate does not say it used version 1: %+v", before.Status)
	}
	if l := line(before, v1); !l.OK || !strings.Contains(l.Detail, "not revoked as of height") || !strings.Contains(l.Detail, "version 1") {
		t.Fatalf("with v1 in force: %+v", l)
	}
	if l := line(before); l.OK || !strings.Contains(l.Detail, "--status-list") {
		t.Fatalf("without the list file: %+v", l)
	}

	res := s.ok(2, "sh-attester", &status.MsgAnchorList{List: listID, Version: 2, Purpose: status.PurposeRevocation, ListHash: status.Hash(v2.Hash)})
	net.WaitForHeight(res.Height+1, time.Minute)
	after := certify(3)
	if after.Height < res.Height || after.Status.Lists[0].Version != 2 {
		t.Fatalf("certificate at %d (v2 at %d) names version %d", after.Height, res.Height, after.Status.Lists[0].Version)
	}
	if l := line(after, v2); l.OK || !strings.Contains(l.Detail, "REVOKED as of height") || !strings.Contains(l.Detail, "version 2") {
		t.Fatalf("with v2 in force: %+v", l)
	}
	// The old list file is not the version in force any more...
	if l := line(after, v1); l.OK || !strings.Contains(l.Detail, "another version than the one in force") {
		t.Fatalf("v1 against the v2 state: %+v", l)
	}
	// ...but the certificate from before still proves what held then.
	if l := line(before, v1); !l.OK {
		t.Fatalf("the earlier certificate changed its verdict: %+v", l)
	}
	// A certificate edited to name another version than the state proves fails.
	forged := *after
	st := *after.Status
	st.Lists = []proof.ListRef{st.Lists[0]}
	st.Lists[0].Version = 1
	forged.Status = &st
	if l := line(&forged, v2); l.OK || !strings.Contains(l.Detail, "names version 1") {
		t.Fatalf("forged version: %+v", l)
	}

	// Tampering with the status records: a changed version record fails
	// its proof; a removed head leaves the line unproven.
	for _, tc := range []struct {
		name, want string
		edit       func(c *proof.Certificate)
	}{
		{"changed version record", "", func(c *proof.Certificate) {
			for i := range c.Records {
				if c.Records[i].Kind == "status-list-version" {
					c.Records[i].Value = append([]byte(nil), c.Records[i].Value...)
					c.Records[i].Value[len(c.Records[i].Value)-1] ^= 1
				}
			}
		}},
		{"removed head", "proves nothing about status-list-head", func(c *proof.Certificate) {
			var keep []proof.Record
			for _, r := range c.Records {
				if r.Kind != "status-list-head" {
					keep = append(keep, r)
				}
			}
			c.Records = keep
		}},
	} {
		c := certify(3)
		tc.edit(c)
		v, err := proof.VerifyCertificateWith(c, trust, proof.Options{File: vc, StatusLists: []*formats.StatusList{v2}})
		if err != nil {
			t.Fatal(err)
		}
		if v.Valid || tc.want == "" && v.Line(proof.CheckProofs).OK || tc.want != "" && !strings.Contains(v.Line(proof.CheckCredentialStatus).Detail, tc.want) {
			t.Fatalf("%s: %+v", tc.name, v.Lines)
		}
	}

	t.Run("openattestation revocation store", func(t *testing.T) {
		oa := testdocs.Read(t, "openattestation/oa-verify-v2-did-revocation-store-signed-not-revoked.json")
		d, err := formats.Parse(oa)
		if err != nil {
			t.Fatal(err)
		}
		oref := proof.StatusRefOf(&d[0])
		if oref == nil || oref.OA == nil || oref.OA.Store != "0x49b2969bF0E4aa822023a9eA2293b24E4518C1DD" {
			t.Fatalf("revocation store %+v", oref)
		}
		s := story{t, net}
		doc := d[0].CanonicalHash
		s.ok(0, "sh-trader", &invoice.MsgAnchor{DocHash: invoice.Hash(doc), Profile: invoice.ProfileOpenAttestation, Fingerprint: kit.Hash(doc),
			BuyerMember: net.Keys["sg-trader"].PubKey().Address(), IssueDate: "2018-01-28", Currency: "AUD", Total: "1"})
		oaLine := func(c *proof.Certificate) *proof.Line {
			t.Helper()
			v, err := proof.VerifyCertificateWith(c, trust, proof.Options{File: oa})
			if err != nil {
				t.Fatal(err)
			}
			if l := v.Line(proof.CheckOARevocation); l != nil {
				return l
			}
			t.Fatalf("no oa-revocation line: %+v", v.Lines)
			return nil
		}
		build := func(node int) *proof.Certificate {
			t.Helper()
			c, err := fetch.Build(context.Background(), net.Client(node).RPC, doc, fetch.Options{Status: oref})
			if err != nil {
				t.Fatal(err)
			}
			return c
		}
		if l := oaLine(build(0)); l.OK || !strings.Contains(l.Detail, "is not registered on this chain") {
			t.Fatalf("unregistered store: %+v", l)
		}
		store := status.StoreIDHash(oref.OA.Store)
		s.ok(1, "sh-attester", &status.MsgOAStore{Store: store})
		clean := build(2)
		if l := oaLine(clean); !l.OK || !strings.Contains(l.Detail, "holds no revocation of a79c619a") {
			t.Fatalf("registered store, not revoked: %+v", l)
		}
		target, _ := kit.ParseHash(oref.OA.Targets[0])
		res := s.ok(3, "sh-attester", &status.MsgOARevoke{Store: store, Targets: []kit.Hash{target}, Reason: "consignment withdrawn"})
		net.WaitForHeight(res.Height+1, time.Minute)
		if l := oaLine(build(0)); l.OK || !strings.Contains(l.Detail, "REVOKED") || !strings.Contains(l.Detail, "consignment withdrawn") {
			t.Fatalf("revoked: %+v", l)
		}
		if l := oaLine(clean); !l.OK {
			t.Fatalf("the earlier certificate changed its verdict: %+v", l)
		}
	})
}
