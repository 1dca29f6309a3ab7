package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"time"

	"github.com/corridor-trade/corridor/anchorplan"
	"github.com/corridor-trade/corridor/client"
	"github.com/corridor-trade/corridor/codes"
	"github.com/corridor-trade/corridor/formats"
	"github.com/corridor-trade/corridor/internal/keyring"
	"github.com/corridor-trade/corridor/internal/netgen"
	"github.com/corridor-trade/corridor/proof"
	"github.com/corridor-trade/corridor/proof/fetch"
	"github.com/corridor-trade/corridor/x/identity"
	"github.com/corridor-trade/corridor/x/invoice"
	"github.com/corridor-trade/corridor/x/kit"
	"github.com/corridor-trade/corridor/x/kit/paths"
	"github.com/corridor-trade/corridor/x/membership"
	"github.com/corridor-trade/corridor/x/payment"
	"github.com/corridor-trade/corridor/x/recognition"
)

// sampleInvoice is a UBL 2.1 invoice written for the devnet (not a real
// transaction): a Shanghai exporter invoices a Singapore importer.
//
//go:embed devnetdata/sample-invoice.xml
var sampleInvoice []byte

// demoHome is the devnet home the demonstration writes files into.
var demoHome string

// devnetUETR is the UETR of the devnet's sample payment.
const devnetUETR = "7b0c2a1e-4d3f-4b6a-9c1d-2e5f8a9b0c1d"

// devnetAppState is the genesis of the modules other than membership for
// the devnet: every jurisdiction recognises the others' attesters and every
// document profile.
func devnetAppState(js []membership.Jurisdiction) map[string]json.RawMessage {
	return map[string]json.RawMessage{"recognition": netgen.SampleRecognition(js), "export": netgen.SampleExport(), "title": netgen.SampleTitle()}
}

// demoSteps are the devnet's demonstration, in order. Each step checks the
// chain first, so a resumed devnet runs them again harmlessly.
func demoSteps() []demoStep {
	return []demoStep{
		{"Singapore's operator admits a new trader (sg-trader-2)", demoAdmit},
		{"Shanghai's attester attests sh-trader as a legal entity (USCC)", demoAttest},
		{"sh-trader anchors a UBL invoice (only its hash goes on the ledger)", demoAnchor},
		{"hk-bank records a partial payment of 5000.00 USD against it", demoPay},
		{"customs asks: is the invoice recognised in SG and HK?", demoRecognition},
		{"export the invoice's certificate and verify it offline against genesis", demoCertificate},
		{"sh-trader anchors a second invoice with field commitments and discloses only its seller id and total", demoDisclose},
	}
}

// submit sends msgs signed by the named devnet key and fails on a non-zero code.
func submit(ctx context.Context, c *client.Client, kr keyring.Keyring, from string, msgs ...kit.Msg) (*client.Result, error) {
	key, err := kr.Key(from)
	if err != nil {
		return nil, err
	}
	res, err := c.Submit(ctx, key, client.SubmitOptions{Wait: 30 * time.Second}, msgs...)
	if err != nil {
		return nil, err
	}
	if !res.OK() {
		return res, fmt.Errorf("%s: %s", res.Error, res.Log)
	}
	return res, nil
}

func notFound(err error) bool { return errors.Is(err, codes.QueryNotFound) }

func demoAdmit(ctx context.Context, c *client.Client, kr keyring.Keyring, w io.Writer) error {
	info, err := kr.Show("sg-trader-2")
	if err != nil {
		if info, err = kr.Create("sg-trader-2"); err != nil {
			return err
		}
	}
	var m membership.Member
	if err := c.Query(ctx, paths.Member(info.Address.String()), &m); err == nil {
		fmt.Fprintf(w, "      already a member: %s (%s, %s)\n", m.Address, m.Jurisdiction, m.Status)
		return nil
	} else if !notFound(err) {
		return err
	}
	res, err := submit(ctx, c, kr, "sg-operator",
		&membership.MsgAdmit{PubKey: info.PubKey, Roles: []string{membership.RoleTrader}, Label: "sg-trader-2"})
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "      admitted %s at height %d (tx %s)\n", info.Address, res.Height, res.Hash)
	return nil
}

func demoAttest(ctx context.Context, c *client.Client, kr keyring.Keyring, w io.Writer) error {
	trader, err := kr.Show("sh-trader")
	if err != nil {
		return err
	}
	var existing identity.List
	if err := c.Query(ctx, paths.Attestations(trader.Address.String(), identity.ClaimLegalEntity), &existing); err != nil {
		return err
	}
	if n := len(existing.Attestations); n > 0 {
		fmt.Fprintf(w, "      already attested (%d attestation(s))\n", n)
		return nil
	}
	// The credential itself (e.g. a W3C VC issued by the registry) stays
	// off the ledger; only its SHA-256 is recorded.
	cred := sha256.Sum256([]byte("devnet sample credential: sh-trader is a registered legal entity"))
	res, err := submit(ctx, c, kr, "sh-attester", &identity.MsgAttest{
		Subject: identity.AddressSubject(trader.Address), Claim: "legal-entity", Scheme: "uscc", CredentialHash: cred})
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "      attested at height %d (tx %s)\n", res.Height, res.Hash)
	return nil
}

// sampleAnchor returns the anchor message for the sample invoice, planned
// as every door plans (anchorplan), with sg-trader as the buyer member.
func sampleAnchor(kr keyring.Keyring) (*invoice.MsgAnchor, error) {
	docs, err := formats.Parse(sampleInvoice)
	if err != nil {
		return nil, err
	}
	issuer, err := kr.Show("sh-trader")
	if err != nil {
		return nil, err
	}
	buyer, err := kr.Show("sg-trader")
	if err != nil {
		return nil, err
	}
	plan, err := anchorplan.Make([]anchorplan.File{{Name: "sample invoice", Docs: docs}},
		anchorplan.Policy{Issuer: issuer.Address, BuyerMember: buyer.Address, Mode: anchorplan.ModeSingle})
	if err != nil {
		return nil, err
	}
	if err := plan.Err(); err != nil {
		return nil, err
	}
	return plan.Singles[0].Msg, nil
}

func demoAnchor(ctx context.Context, c *client.Client, kr keyring.Keyring, w io.Writer) error {
	msg, err := sampleAnchor(kr)
	if err != nil {
		return err
	}
	hash := hex.EncodeToString(msg.DocHash[:])
	if err := c.Query(ctx, paths.Invoice(hash), nil); err == nil {
		fmt.Fprintf(w, "      already anchored: %s\n", hash)
		return nil
	} else if !notFound(err) {
		return err
	}
	res, err := submit(ctx, c, kr, "sh-trader", msg)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "      anchored %s (ubl-2.1, %s %s) at height %d\n", hash, msg.Total, msg.Currency, res.Height)
	return nil
}

func demoPay(ctx context.Context, c *client.Client, kr keyring.Keyring, w io.Writer) error {
	msg, err := sampleAnchor(kr)
	if err != nil {
		return err
	}
	uetr, err := payment.ParseUETR(devnetUETR)
	if err != nil {
		return err
	}
	if err := c.Query(ctx, paths.UETR(devnetUETR), nil); err == nil {
		fmt.Fprintf(w, "      already recorded (UETR %s)\n", devnetUETR)
		return nil
	}
	pacs := sha256.Sum256([]byte("devnet sample pacs.008 for " + devnetUETR))
	res, err := submit(ctx, c, kr, "hk-bank", &payment.MsgRecord{UETR: uetr, Currency: "USD", ValueDate: "2026-11-20",
		MessageHash: pacs, Items: []payment.Item{{DocHash: msg.DocHash, Amount: "5000"}}})
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "      recorded at height %d: the invoice is now partially paid\n", res.Height)
	return nil
}

// demoCertificate writes <home>/invoice-certificate.json and checks it with
// no network, as customs would.
func demoCertificate(ctx context.Context, c *client.Client, kr keyring.Keyring, w io.Writer) error {
	msg, err := sampleAnchor(kr)
	if err != nil {
		return err
	}
	cert, err := fetch.BuildCertificate(ctx, c, msg.DocHash)
	if err != nil {
		return err
	}
	path := filepath.Join(demoHome, "invoice-certificate.json")
	if err := cert.WriteFile(path); err != nil {
		return err
	}
	trust, err := proof.LoadGenesisTrust(filepath.Join(demoHome, "config", "genesis.json"))
	if err != nil {
		return err
	}
	v, err := proof.VerifyCertificate(cert, trust)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "      wrote %s; offline verification:\n", path)
	var buf bytes.Buffer
	v.WriteText(&buf)
	for _, line := range strings.Split(strings.TrimRight(buf.String(), "\n"), "\n") {
		fmt.Fprintf(w, "        %s\n", line)
	}
	return nil
}

func demoRecognition(ctx context.Context, c *client.Client, kr keyring.Keyring, w io.Writer) error {
	msg, err := sampleAnchor(kr)
	if err != nil {
		return err
	}
	hash := hex.EncodeToString(msg.DocHash[:])
	for _, in := range []string{"SG", "HK"} {
		var v recognition.Verdict
		if err := c.Query(ctx, paths.Recognition(hash, in), &v); err != nil {
			return err
		}
		verdict := "NOT recognised"
		if v.Recognized {
			verdict = "recognised"
		}
		fmt.Fprintf(w, "      in %s: %s\n", in, verdict)
		for _, r := range v.Reasons {
			mark := "ok  "
			if !r.OK {
				mark = "FAIL"
			}
			fmt.Fprintf(w, "        %s %-16s %s\n", mark, r.Check, r.Detail)
		}
		if !v.Recognized {
			return fmt.Errorf("the sample invoice should be recognised in %s", in)
		}
	}
	return nil
}
