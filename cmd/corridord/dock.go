package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/corridor-trade/corridor/formats"
	"github.com/corridor-trade/corridor/internal/readlimit"
	"github.com/spf13/cobra"
)

// newDockCmd builds "dock": single-window docking of the documents trade
// systems already exchange (inspect offline, ingest a directory).
func newDockCmd(env *cliEnv) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "dock",
		Short: "Single-window docking: inspect documents offline, ingest a directory of them",
	}
	cmd.AddCommand(newDockInspectCmd(env), newDockIngestCmd(env))
	return cmd
}

// inspectReport is what dock inspect prints with -o json.
type inspectReport struct {
	File      string               `json:"file"`
	Size      int                  `json:"size"`
	RawSHA256 string               `json:"raw_sha256"`
	Documents []formats.Document   `json:"documents"`
	Error     *inspectErrorDetails `json:"error,omitempty"`
	// OK is false when the file is malformed or a self-verifying document
	// fails its own integrity check.
	OK bool `json:"ok"`
}

// inspectErrorDetails is a parse failure: the rule broken and where.
type inspectErrorDetails struct {
	Format  string `json:"format,omitempty"`
	Rule    string `json:"rule,omitempty"`
	Where   string `json:"where,omitempty"`
	Message string `json:"message"`
}

func newDockInspectCmd(env *cliEnv) *cobra.Command {
	return &cobra.Command{
		Use:   "inspect FILE",
		Short: "Detect a document's format and show its fields and hashes (offline)",
		Long: `inspect reads FILE on this machine only (no node is contacted) and prints
the detected format and canonical-hash profile, the extracted business
fields, the SHA-256 of the raw bytes and the canonical hash that would be
anchored. For self-verifying formats (OpenAttestation wrapped documents,
signed W3C Verifiable Credentials) it also checks the document's own proof.

It exits with status 1 when the file is malformed (the error names the line
or segment and the rule broken) or when an integrity check fails.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			rep, err := inspectFile(args[0])
			if err != nil {
				return err
			}
			if perr := env.print(cmd, rep, func(w io.Writer) { printInspect(w, rep) }); perr != nil {
				return perr
			}
			if !rep.OK {
				msg := "integrity check failed"
				if rep.Error != nil {
					msg = "malformed document"
				}
				if !env.outputJSON() {
					fmt.Fprintf(cmd.ErrOrStderr(), "Error: %s: %s\n", args[0], inspectFailure(rep))
				}
				return &exitError{code: 1, msg: msg}
			}
			return nil
		},
	}
}

// inspectFile parses path. Only I/O problems are returned as errors; a
// malformed document is reported in the result.
func inspectFile(path string) (*inspectReport, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if !st.Mode().IsRegular() {
		return nil, fmt.Errorf("%s is not a regular file", path)
	}
	data, err := readDocFile(path)
	if errors.Is(err, readlimit.ErrTooLarge) {
		return &inspectReport{File: path, Size: int(min(max(st.Size(), formats.MaxDocumentSize+1), 1<<40)), Documents: []formats.Document{},
			Error: &inspectErrorDetails{Format: string(formats.FormatRaw), Rule: "input.too-large",
				Message: fmt.Sprintf("file is over the limit of %d bytes", formats.MaxDocumentSize)}}, nil
	}
	if err != nil {
		return nil, err
	}
	return inspectBytes(path, data), nil
}

// inspectBytes builds the report for data.
func inspectBytes(name string, data []byte) *inspectReport {
	rep := &inspectReport{File: name, Size: len(data), RawSHA256: formats.RawHash(data).String(), Documents: []formats.Document{}}
	docs, err := formats.Parse(data)
	if err != nil {
		rep.Error = parseErrorDetails(err)
		return rep
	}
	rep.Documents = docs
	rep.OK = true
	for _, d := range docs {
		if d.Integrity != nil && d.Integrity.Checked && !d.Integrity.Valid {
			rep.OK = false
		}
	}
	return rep
}

// parseErrorDetails turns a parse error into its rule, place and message.
func parseErrorDetails(err error) *inspectErrorDetails {
	var pe *formats.ParseError
	if errors.As(err, &pe) {
		return &inspectErrorDetails{Format: string(pe.Format), Rule: pe.Rule, Where: pe.Where, Message: pe.Msg}
	}
	return &inspectErrorDetails{Message: err.Error()}
}

// inspectFailure is a one-line reason why rep is not OK.
func inspectFailure(rep *inspectReport) string {
	if e := rep.Error; e != nil {
		var parts []string
		for _, s := range []string{e.Format, e.Where, e.Rule, e.Message} {
			if s != "" {
				parts = append(parts, s)
			}
		}
		return strings.Join(parts, ": ")
	}
	for i, d := range rep.Documents {
		if d.Integrity != nil && d.Integrity.Checked && !d.Integrity.Valid {
			return fmt.Sprintf("document %d (%s): integrity check %s failed: %s", i+1, d.Format, d.Integrity.Method, d.Integrity.Reason)
		}
	}
	return "not OK"
}

func printInspect(w io.Writer, rep *inspectReport) {
	fmt.Fprintf(w, "file            %s (%d bytes)\n", rep.File, rep.Size)
	fmt.Fprintf(w, "raw sha256      %s\n", rep.RawSHA256)
	if rep.Error != nil {
		fmt.Fprintf(w, "MALFORMED       %s\n", inspectFailure(rep))
		return
	}
	for i, d := range rep.Documents {
		if len(rep.Documents) > 1 {
			fmt.Fprintf(w, "\ndocument %d of %d\n", i+1, len(rep.Documents))
		}
		fmt.Fprintf(w, "format          %s\n", d.Format)
		fmt.Fprintf(w, "profile         %s\n", d.Profile)
		fmt.Fprintf(w, "kind            %s\n", d.Kind)
		fmt.Fprintf(w, "canonical hash  %s\n", d.CanonicalHash)
		printDocFields(w, &d)
		if in := d.Integrity; in != nil {
			switch {
			case !in.Checked:
				fmt.Fprintf(w, "integrity       not checked (%s)\n", in.Reason)
			case in.Valid:
				fmt.Fprintf(w, "integrity       VALID (%s)\n", in.Method)
			default:
				fmt.Fprintf(w, "integrity       FAILED (%s): %s\n", in.Method, in.Reason)
			}
		}
		for _, wn := range d.Warnings {
			where := ""
			if wn.Where != "" {
				where = wn.Where + ": "
			}
			fmt.Fprintf(w, "warning         %s%s: %s\n", where, wn.Rule, wn.Message)
		}
	}
}

// printDocFields prints the non-empty extracted fields, one per line.
func printDocFields(w io.Writer, d *formats.Document) {
	field := func(name, v string) {
		if v != "" {
			fmt.Fprintf(w, "  %-16s%s\n", name, v)
		}
	}
	if in := d.Invoice; in != nil {
		fmt.Fprintln(w, "invoice")
		field("number", in.Number)
		field("type code", in.TypeCode)
		field("issue date", in.IssueDate)
		field("due date", in.DueDate)
		field("currency", in.Currency)
		field("total", in.Total)
		field("tax excl.", in.TaxExclusive)
		field("tax total", in.TaxTotal)
		field("seller", strings.TrimSpace(in.SellerName+" "+bracket(in.SellerID)))
		field("buyer", strings.TrimSpace(in.BuyerName+" "+bracket(in.BuyerID)))
		field("customization", in.Customization)
		field("lines", fmt.Sprint(in.LineCount))
	}
	for i, p := range d.Payments {
		fmt.Fprintf(w, "payment %d\n", i+1)
		field("message type", p.MessageType)
		field("message id", p.MessageID)
		field("uetr", p.UETR)
		field("end-to-end id", p.EndToEndID)
		field("amount", strings.TrimSpace(p.Amount+" "+p.Currency))
		field("value date", p.ValueDate)
		field("invoice", p.InvoiceNumber)
		field("status", p.Status)
		field("credit/debit", p.CreditDebit)
		field("debtor", p.DebtorName)
		field("creditor", p.CreditorName)
	}
	if c := d.Credential; c != nil {
		fmt.Fprintln(w, "credential")
		field("id", c.ID)
		field("types", strings.Join(c.Types, ", "))
		field("issuer", c.Issuer)
		field("subject", c.SubjectID)
		field("valid from", c.ValidFrom)
		field("valid until", c.ValidUntil)
		field("proof", strings.TrimSpace(c.ProofType+" "+c.Cryptosuite))
		field("version", c.Version)
		for _, e := range c.Status {
			field("status", fmt.Sprintf("%s: bit %d of %s", e.Purpose, e.Index, e.ListCredential))
		}
	}
	if t := d.TradeDocument; t != nil {
		fmt.Fprintln(w, "trade document")
		field("target hash", t.TargetHash)
		field("merkle root", t.MerkleRoot)
		field("issuers", strings.Join(t.Issuers, ", "))
		field("document store", t.DocumentStore)
		field("token registry", t.TokenRegistry)
		field("revocation store", t.RevocationStore)
		field("template", t.Template)
		field("obfuscated", fmt.Sprint(t.Obfuscated))
	}
}

func bracket(s string) string {
	if s == "" {
		return ""
	}
	return "(" + s + ")"
}
