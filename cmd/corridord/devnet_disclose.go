package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/corridor-trade/corridor/anchorplan"
	"github.com/corridor-trade/corridor/client"
	"github.com/corridor-trade/corridor/disclose"
	"github.com/corridor-trade/corridor/formats"
	"github.com/corridor-trade/corridor/internal/keyring"
	"github.com/corridor-trade/corridor/proof"
	"github.com/corridor-trade/corridor/proof/fetch"
	"github.com/corridor-trade/corridor/x/kit/paths"
)

// disclosureInvoice is the devnet's second sample invoice, the first under
// another number, anchored with field commitments.
func disclosureInvoice() []byte {
	return bytes.ReplaceAll(sampleInvoice, []byte("SH-DEVNET-2026-0001"), []byte("SH-DEVNET-2026-0002"))
}

// demoDisclose anchors the second sample invoice with field commitments
// (the salts in <home>/disclosure-invoice.xml.secrets.json), discloses its
// seller id and total with the anchor's certificate to
// <home>/invoice-disclosure.json, and checks that offline as Singapore
// customs would. On a resumed devnet it finds the anchor and the secrets
// and discloses again.
func demoDisclose(ctx context.Context, c *client.Client, kr keyring.Keyring, w io.Writer) error {
	docFile := filepath.Join(demoHome, "disclosure-invoice.xml")
	secFile := docFile + client.SecretsSuffix
	data := disclosureInvoice()
	docs, err := formats.Parse(data)
	if err != nil {
		return err
	}
	hash := docs[0].CanonicalHash.String()
	var sec *disclose.Secrets
	if err := c.Query(ctx, paths.Invoice(hash), nil); err == nil {
		if sec, err = client.ReadSecrets(secFile); err != nil {
			fmt.Fprintf(w, "      already anchored with field commitments: %s, but its secrets are gone (%v): nothing to disclose\n", hash, err)
			return nil
		}
		fmt.Fprintf(w, "      already anchored with field commitments: %s (secrets in %s)\n", hash, secFile)
	} else if !notFound(err) {
		return err
	} else {
		issuer, err := kr.Show("sh-trader")
		if err != nil {
			return err
		}
		buyer, err := kr.Show("sg-trader")
		if err != nil {
			return err
		}
		plan, err := anchorplan.Make([]anchorplan.File{{Name: docFile, Docs: docs}}, anchorplan.Policy{Issuer: issuer.Address,
			BuyerMember: buyer.Address, Mode: anchorplan.ModeSingle, FieldCommitments: true})
		if err != nil {
			return err
		}
		if err := plan.Err(); err != nil {
			return err
		}
		if err := os.WriteFile(docFile, data, 0o600); err != nil {
			return err
		}
		_ = os.Remove(secFile) // a stale file of an earlier chain (--reset keeps nothing, but be sure)
		sec = plan.Secrets[0].Secrets
		if err := client.WriteSecrets(secFile, sec); err != nil {
			return err
		}
		res, err := submit(ctx, c, kr, "sh-trader", plan.Msgs()...)
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "      anchored %s with the root of %d salted field commitments at height %d; the salts stay in %s\n",
			hash, len(sec.Fields), res.Height, secFile)
	}
	d, err := disclose.Make(sec, []string{"seller.id", "total"})
	if err != nil {
		return err
	}
	cert, err := fetch.BuildCertificate(ctx, c, sec.DocHash)
	if err != nil {
		return err
	}
	if d.Certificate, err = cert.Marshal(); err != nil {
		return err
	}
	out, err := disclose.Encode(d)
	if err != nil {
		return err
	}
	path := filepath.Join(demoHome, "invoice-disclosure.json")
	if err := os.WriteFile(path, out, 0o600); err != nil {
		return err
	}
	trust, err := proof.LoadGenesisTrust(filepath.Join(demoHome, "config", "genesis.json"))
	if err != nil {
		return err
	}
	v, err := proof.VerifyDisclosure(d, trust, proof.Options{Jurisdictions: []string{"SG"}})
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "      wrote %s (seller.id and total of %d fields); offline verification by Singapore customs:\n", path, d.Count)
	var buf bytes.Buffer
	v.WriteText(&buf)
	for _, line := range strings.Split(strings.TrimRight(buf.String(), "\n"), "\n") {
		fmt.Fprintf(w, "        %s\n", line)
	}
	if !v.Valid {
		return fmt.Errorf("the sample disclosure should verify: %s", v.Code)
	}
	return nil
}
