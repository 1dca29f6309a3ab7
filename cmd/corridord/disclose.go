package main

import (
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/corridor-trade/corridor/client"
	"github.com/corridor-trade/corridor/codes"
	"github.com/corridor-trade/corridor/disclose"
	"github.com/corridor-trade/corridor/formats"
	"github.com/corridor-trade/corridor/proof/fetch"
	"github.com/corridor-trade/corridor/x/invoice"
	"github.com/spf13/cobra"
)

// disclosureSummary is what "corridord disclose" prints.
type disclosureSummary struct {
	File      string   `json:"file,omitempty"` // where the disclosure was written; empty for standard output
	Document  string   `json:"document"`
	Profile   string   `json:"profile"`
	FieldRoot string   `json:"field_root"`
	Count     int      `json:"field_count"`
	Disclosed []string `json:"disclosed"`
	ChainID   string   `json:"chain_id"`
	Height    int64    `json:"height"`
}

func newDiscloseCmd(env *cliEnv) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "disclose FILE --fields NAME,... [--out D.json]",
		Short: "Write a disclosure of some fields of an anchored document, with the anchor's certificate",
		Long: `Disclose reveals the chosen fields of a document anchored with field
commitments (tx invoice anchor --fields), and nothing else of it.

It reads FILE's field secrets (FILE.secrets.json beside it, or --secrets),
checks that they belong to FILE as it is now, and writes a disclosure
(format corridor-disclosure v1, docs/disclosure.md): each chosen field's
value and salt with its path to the anchored field root, the number of
fields committed, and the certificate of the anchor fetched from --node as
"query certificate" does (for a batch member, give its batch file with
--batch). Whoever receives it checks it offline:

  corridord verify --disclosure D.json --trust genesis.json

--fields takes field names or ids (seller.id,total,hs-codes); an unknown
name lists those the document has. Without --out the disclosure is written
to standard output.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error { return runDisclose(env, cmd, args[0]) },
	}
	env.addNodeFlag(cmd)
	f := cmd.Flags()
	f.StringSlice("fields", nil, "the fields to disclose, by name or id, comma-separated (required)")
	f.String("secrets", "", "the field-secrets file (default FILE.secrets.json, or FILE.<hash>.secrets.json)")
	f.String("out", "", "write the disclosure to this file (default: standard output)")
	f.String("profile", "", "pick the document of this profile when FILE holds several")
	f.Int64("height", 0, "proof height of the attached certificate (default: the latest provable height)")
	f.Int64("trust-height", 0, "also include the light block of this height, for verification with --trust-height/--trust-hash")
	addBatchFlags(cmd)
	_ = cmd.MarkFlagRequired("fields")
	return cmd
}

func runDisclose(env *cliEnv, cmd *cobra.Command, file string) error {
	names, _ := cmd.Flags().GetStringSlice("fields")
	profile, _ := cmd.Flags().GetString("profile")
	docs, err := readDocuments(file, profile)
	if err != nil {
		return err
	}
	secPath, _ := cmd.Flags().GetString("secrets")
	sec, doc, err := secretsFor(file, secPath, docs.Docs, profile)
	if err != nil {
		return err
	}
	d, err := disclose.Make(sec, names)
	if err != nil {
		return err
	}
	batch, _, err := batchFlag(cmd, []candidate{{hash: doc.CanonicalHash, profile: doc.Profile}})
	if err != nil {
		return err
	}
	c, err := env.client(cmd)
	if err != nil {
		return err
	}
	height, _ := cmd.Flags().GetInt64("height")
	th, _ := cmd.Flags().GetInt64("trust-height")
	cert, err := fetch.Build(ctxOf(cmd), c.RPC, invoice.Hash(doc.CanonicalHash), fetch.Options{Height: height, Batch: batch, TrustHeight: th})
	if err != nil {
		return err
	}
	if d.Certificate, err = cert.Marshal(); err != nil {
		return err
	}
	data, err := disclose.Encode(d)
	if err != nil {
		return err
	}
	out, _ := cmd.Flags().GetString("out")
	if out == "" {
		_, err := cmd.OutOrStdout().Write(data)
		return err
	}
	// 0600: the file holds the disclosed values; its holder decides whom
	// to hand it to.
	if err := os.WriteFile(out, data, 0o600); err != nil {
		return err
	}
	s := disclosureSummary{File: out, Document: cert.Document.Hash, Profile: d.Profile, FieldRoot: fmt.Sprintf("%x", d.Root[:]),
		Count: d.Count, Disclosed: []string{}, ChainID: cert.ChainID, Height: cert.Height}
	for _, f := range d.Fields {
		s.Disclosed = append(s.Disclosed, f.Name)
	}
	return env.print(cmd, s, func(w io.Writer) {
		fmt.Fprintf(w, "wrote the disclosure of %s (%d of %d fields) of %s to %s, with its certificate at height %d of %s\n",
			strings.Join(s.Disclosed, ", "), len(s.Disclosed), s.Count, s.Document, s.File, s.Height, s.ChainID)
		fmt.Fprintf(w, "check it offline: corridord verify --disclosure %s --trust genesis.json\n", s.File)
	})
}

// secretsFor finds the field secrets of one document of FILE: the file
// given, or FILE.secrets.json, or FILE.<hash>.secrets.json of one of its
// documents; and checks that they match the document as it is now.
func secretsFor(file, given string, docs []formats.Document, profile string) (*disclose.Secrets, *formats.Document, error) {
	var cands []string
	if given != "" {
		cands = []string{given}
	} else {
		cands = append(cands, file+client.SecretsSuffix)
		for _, d := range docs {
			cands = append(cands, fmt.Sprintf("%s.%x%s", file, d.CanonicalHash[:8], client.SecretsSuffix))
		}
	}
	for _, p := range cands {
		if _, err := os.Stat(p); err != nil {
			continue
		}
		sec, err := client.ReadSecrets(p)
		if err != nil {
			return nil, nil, fmt.Errorf("%s: %w", p, err)
		}
		for i := range docs {
			d := &docs[i]
			if d.CanonicalHash != sec.DocHash || (profile != "" && d.Profile != profile) {
				continue
			}
			if err := sec.Matches(d); err != nil {
				return nil, nil, fmt.Errorf("%s: %w", p, err)
			}
			return sec, d, nil
		}
		return nil, nil, codes.DiscloseNoSecrets.Wrapf("%s holds the secrets of document %x, which is not in %s", p, sec.DocHash[:], file)
	}
	if given != "" {
		return nil, nil, codes.DiscloseNoSecrets.Wrapf("cannot read %s", given)
	}
	return nil, nil, codes.DiscloseNoSecrets.Wrapf("no field secrets beside %s (%s): was it anchored with --fields? give --secrets FILE", file, cands[0])
}
