package main

import (
	"fmt"
	"io"

	"github.com/corridor-trade/corridor/proof/fetch"
	"github.com/corridor-trade/corridor/x/invoice"
	"github.com/spf13/cobra"
)

// certificateSummary is what "query certificate --out FILE" prints.
type certificateSummary struct {
	File     string `json:"file"`
	Document string `json:"document"`
	ChainID  string `json:"chain_id"`
	Height   int64  `json:"height"`
	Records  int    `json:"records"`
}

func newQueryCertificateCmd(env *cliEnv) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "certificate HASH [--out FILE]",
		Short: "Export a self-contained certificate of a document, verifiable offline",
		Long: `Fetch every record the verdict about a document needs, with ICS-23 proofs
at height H, and the signed header, commit and validator set of height H+1,
and write them as one JSON certificate (docs/certificate.md). Anyone can
check it later without a node: corridord verify --certificate FILE --trust
genesis.json.

--out FILE names the certificate file (-o stays the output format of this
command's own report); without --out the certificate is written to standard
output. Nothing is verified here: the node is not trusted, the verifier is.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			doc, err := invoice.ParseHash(args[0])
			if err != nil {
				return err
			}
			batch, _, err := batchFlag(cmd, []candidate{{hash: doc}})
			if err != nil {
				return err
			}
			c, err := env.client(cmd)
			if err != nil {
				return err
			}
			height, _ := cmd.Flags().GetInt64("height")
			th, _ := cmd.Flags().GetInt64("trust-height")
			fo := fetch.Options{Height: height, Batch: batch, TrustHeight: th}
			if fo.Status, err = certificateStatusOf(cmd); err != nil {
				return err
			}
			cert, err := fetch.Build(ctxOf(cmd), c.RPC, doc, fo)
			if err != nil {
				return err
			}
			out, _ := cmd.Flags().GetString("out")
			if out == "" {
				b, err := cert.Marshal()
				if err != nil {
					return err
				}
				_, err = cmd.OutOrStdout().Write(b)
				return err
			}
			if err := cert.WriteFile(out); err != nil {
				return err
			}
			s := certificateSummary{File: out, Document: cert.Document.Hash, ChainID: cert.ChainID, Height: cert.Height, Records: len(cert.Records)}
			return env.print(cmd, s, func(w io.Writer) {
				fmt.Fprintf(w, "wrote the certificate of %s on %s at height %d (%d proven records) to %s\n", s.Document, s.ChainID, s.Height, s.Records, s.File)
				fmt.Fprintf(w, "check it offline: corridord verify --certificate %s --trust genesis.json\n", s.File)
			})
		},
	}
	cmd.Flags().String("out", "", "write the certificate to this file (default: standard output)")
	cmd.Flags().Int64("height", 0, "proof height H (default: the latest provable height)")
	cmd.Flags().Int64("trust-height", 0, "also include the light block of this height, for verification with --trust-height/--trust-hash")
	addBatchFlags(cmd)
	cmd.Flags().String("status-of", "", "also prove the revocation status this document file names (its status-list entries or OpenAttestation revocation store; docs/status-lists.md)")
	return cmd
}
