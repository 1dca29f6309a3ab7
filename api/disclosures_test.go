package api_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/corridor-trade/corridor/anchorplan"
	"github.com/corridor-trade/corridor/api"
	"github.com/corridor-trade/corridor/client"
	"github.com/corridor-trade/corridor/codes"
	"github.com/corridor-trade/corridor/disclose"
	"github.com/corridor-trade/corridor/formats"
	"github.com/corridor-trade/corridor/internal/localnet"
	"github.com/corridor-trade/corridor/internal/netgen"
	"github.com/corridor-trade/corridor/proof"
	"github.com/corridor-trade/corridor/proof/fetch"
	"github.com/corridor-trade/corridor/x/identity"
)

// TestDisclosureCheck posts a real disclosure of an invoice anchored with
// field commitments to POST /v1/disclosures/check: valid, with only the two
// fields; a changed value is a failed verdict with its code; a body that
// is not a disclosure is 422 with its disclose/ code. Every exchange is
// checked against docs/openapi.yaml.
func TestDisclosureCheck(t *testing.T) {
	js := netgen.DefaultJurisdictions()
	h := startHarnessOn(t, localnet.Options{Validators: 1, AppState: map[string]json.RawMessage{"recognition": netgen.SampleRecognition(js)}},
		api.Options{})
	ctx := context.Background()
	h.submit("sh-attester", &identity.MsgAttest{Subject: identity.AddressSubject(h.address("sh-trader")), Claim: identity.ClaimLegalEntity,
		Scheme: identity.SchemeUSCC, CredentialHash: sha256.Sum256([]byte("uscc"))})
	sample, err := os.ReadFile(filepath.Join("..", "docs", "examples", "invoice.xml"))
	if err != nil {
		t.Fatal(err)
	}
	docs, err := formats.Parse(sample)
	if err != nil {
		t.Fatal(err)
	}
	a, err := h.net.Client(0).AnchorFiles(ctx, h.key("sh-trader"), []anchorplan.File{{Name: "invoice.xml", Docs: docs}},
		client.AnchorOptions{FieldCommitments: true})
	if err != nil || !a.Result.OK() || len(a.Secrets) != 1 {
		t.Fatalf("anchor: %v %+v", err, a)
	}
	d, err := disclose.Make(a.Secrets[0].Secrets, []string{"seller.id", "total"})
	if err != nil {
		t.Fatal(err)
	}
	cctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	cert, err := fetch.BuildCertificate(cctx, h.net.Client(0), d.DocHash)
	if err != nil {
		t.Fatal(err)
	}
	if d.Certificate, err = cert.Marshal(); err != nil {
		t.Fatal(err)
	}
	body, err := disclose.Encode(d)
	if err != nil {
		t.Fatal(err)
	}

	r := h.do(t, "POST", "/v1/disclosures/check?in=SG", "application/json", body)
	var v proof.DisclosureVerdict
	r.decode(t, &v)
	if r.Status != 200 || !v.Valid || v.Code != "" || len(v.Disclosed) != 2 || v.Disclosed[1].Value != "8400.00" || v.Line(proof.CheckFieldRoot) == nil {
		t.Fatalf("check: %d %s", r.Status, r.Body)
	}
	if bytes.Contains(r.Body, []byte("Example Singapore Import")) {
		t.Fatalf("the answer shows an undisclosed field: %s", r.Body)
	}

	tampered := bytes.Replace(body, []byte(`"8400.00"`), []byte(`"8400.01"`), 1)
	r = h.do(t, "POST", "/v1/disclosures/check", "application/json", tampered)
	v = proof.DisclosureVerdict{}
	r.decode(t, &v)
	if r.Status != 200 || v.Valid || v.Code != codes.DiscloseNotInRoot.Error() || len(v.Disclosed) != 0 {
		t.Fatalf("changed value: %d %s", r.Status, r.Body)
	}

	r = h.do(t, "POST", "/v1/disclosures/check", "application/json", body[:len(body)/2])
	if e := r.errorBody(t); r.Status != 422 || e.Error != codes.DiscloseMalformed.Error() {
		t.Fatalf("malformed: %d %s", r.Status, r.Body)
	}
	r = h.do(t, "POST", "/v1/disclosures/check?in=not-a-code", "application/json", body)
	if r.Status != 400 {
		t.Fatalf("bad in: %d %s", r.Status, r.Body)
	}
}
