package main

import (
	"crypto/sha256"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/corridor-trade/corridor/x/invoice"
	"github.com/corridor-trade/corridor/x/payment"
	"github.com/spf13/cobra"
)

// newTxPaymentCmd builds "tx payment record".
func newTxPaymentCmd(env *cliEnv) *cobra.Command {
	cmd := &cobra.Command{Use: "payment", Short: "Record payments against anchored invoices (signer: bank)"}
	record := &cobra.Command{
		Use:   "record --invoice HASH:AMOUNT[,HASH:AMOUNT...] --currency CCY --value-date YYYY-MM-DD --uetr UUID (--message FILE | --message-hash HEX) --from NAME",
		Short: "Record a payment, allocating one amount to each invoice",
		Long: `Record a payment proof. The pacs.008 or camt.054 message is hashed here
(SHA-256 of its bytes) and never sent. Each invoice's status changes in the
same transaction; the whole payment is refused if any invoice would be
over-paid, is in another currency, is cancelled, unknown or already paid.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			msg, err := paymentFromFlags(cmd)
			if err != nil {
				return err
			}
			return env.sendTx(cmd, "", msg)
		},
	}
	f := record.Flags()
	f.String("invoice", "", "comma-separated HASH:AMOUNT allocations (required)")
	f.String("currency", "", "ISO 4217 currency (required)")
	f.String("value-date", "", "value date YYYY-MM-DD (required)")
	f.String("uetr", "", "ISO 20022 UETR, a version-4 UUID (required)")
	f.String("message", "", "the pacs.008 / camt.054 file, hashed locally")
	f.String("message-hash", "", "SHA-256 of the pacs.008 / camt.054 message, 64 hex digits")
	for _, n := range []string{"invoice", "currency", "value-date", "uetr"} {
		_ = record.MarkFlagRequired(n)
	}
	env.addTxFlags(record)
	cmd.AddCommand(record)
	return cmd
}

func paymentFromFlags(cmd *cobra.Command) (*payment.MsgRecord, error) {
	get := func(n string) string { v, _ := cmd.Flags().GetString(n); return v }
	u, err := payment.ParseUETR(get("uetr"))
	if err != nil {
		return nil, fmt.Errorf("--uetr: %w", err)
	}
	msg := &payment.MsgRecord{UETR: u, Currency: get("currency"), ValueDate: get("value-date")}
	switch file, hx := get("message"), get("message-hash"); {
	case file != "" && hx != "":
		return nil, fmt.Errorf("give --message or --message-hash, not both")
	case file != "":
		fh, err := os.Open(file)
		if err != nil {
			return nil, err
		}
		defer fh.Close()
		h := sha256.New()
		if _, err := io.Copy(h, fh); err != nil {
			return nil, err
		}
		copy(msg.MessageHash[:], h.Sum(nil))
	case hx != "":
		if msg.MessageHash, err = invoice.ParseHash(hx); err != nil {
			return nil, fmt.Errorf("--message-hash: %w", err)
		}
	default:
		return nil, fmt.Errorf("--message FILE or --message-hash HEX is required")
	}
	for _, part := range strings.Split(get("invoice"), ",") {
		hashStr, amount, ok := strings.Cut(strings.TrimSpace(part), ":")
		if !ok {
			return nil, fmt.Errorf("--invoice %q: want HASH:AMOUNT", part)
		}
		h, err := invoice.ParseHash(hashStr)
		if err != nil {
			return nil, fmt.Errorf("--invoice %q: %w", part, err)
		}
		if amount, err = invoice.CanonicalAmount(amount); err != nil {
			return nil, fmt.Errorf("--invoice %q: %w", part, err)
		}
		msg.Items = append(msg.Items, payment.Item{DocHash: h, Amount: amount})
	}
	return msg, nil
}
