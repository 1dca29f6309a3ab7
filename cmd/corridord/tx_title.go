package main

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/corridor-trade/corridor/client"
	"github.com/corridor-trade/corridor/formats"
	"github.com/corridor-trade/corridor/x/kit"
	"github.com/corridor-trade/corridor/x/title"
	"github.com/spf13/cobra"
)

// newTxTitleCmd builds "tx title issue|import|transfer|nominate|endorse|reject|surrender|accept-surrender|reject-surrender|exit-to-paper".
func newTxTitleCmd(env *cliEnv) *cobra.Command {
	cmd := &cobra.Command{Use: "title", Short: "Transferable records (eBL, bill of exchange): issue, import, transfer, endorse, surrender (docs/transferable.md)"}
	get := func(cmd *cobra.Command, n string) string { v, _ := cmd.Flags().GetString(n); return v }
	member := func(cmd *cobra.Command, flag string, required bool) (a [20]byte, err error) {
		v := get(cmd, flag)
		if v == "" {
			if required {
				return a, fmt.Errorf("--%s is required (a member address or key name)", flag)
			}
			return a, nil
		}
		addr, err := memberAddress(env, cmd, v)
		if err != nil {
			return a, fmt.Errorf("--%s: %w", flag, err)
		}
		return addr, nil
	}
	// created prints the record id, derived from the issuer and the document hash.
	created := func(cmd *cobra.Command, doc kit.Hash) (func(*client.Result) string, error) {
		issuer, err := memberAddress(env, cmd, env.flag(cmd, "from"))
		if err != nil {
			return nil, fmt.Errorf("--from: %w", err)
		}
		id := title.RecordID(issuer, doc).String()
		return func(*client.Result) string { return id }, nil
	}

	issue := &cobra.Command{
		Use:   "issue (FILE | --doc-hash HEX) --kind KIND --owner MEMBER --holder MEMBER [--field-root HEX] [--reference REF] --from ISSUER",
		Short: "Issue a transferable record of a document (hashed here as dock inspect does; never sent); prints the record id",
		Long: "Issue a transferable record. Kinds: " + strings.Join(title.Kinds, ", ") + ".\n" +
			"The issuer signs (the carrier of an eBL, the drawer of a bill of exchange); owner (beneficiary) and\n" +
			"holder are members, often the same (a shipper holding an order bill).",
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			msg := &title.MsgIssue{Kind: get(cmd, "kind"), Reference: get(cmd, "reference")}
			var err error
			if msg.DocHash, err = documentHash(args, get(cmd, "doc-hash")); err != nil {
				return err
			}
			if r := get(cmd, "field-root"); r != "" {
				if msg.FieldRoot, err = kit.ParseHash(r); err != nil {
					return fmt.Errorf("--field-root: %w", err)
				}
			}
			if msg.Owner, err = member(cmd, "owner", true); err != nil {
				return err
			}
			if msg.Holder, err = member(cmd, "holder", true); err != nil {
				return err
			}
			idOf, err := created(cmd, msg.DocHash)
			if err != nil {
				return err
			}
			return env.sendTxNamed(cmd, "", "record", idOf, msg)
		},
	}
	issue.Flags().String("doc-hash", "", "the document's hash (64 hex digits) instead of FILE")
	issue.Flags().String("kind", title.KindEBL, "kind of record")
	issue.Flags().String("owner", "", "owner (beneficiary): member address or key name (required)")
	issue.Flags().String("holder", "", "holder: member address or key name (required)")
	issue.Flags().String("field-root", "", "root of the document's field commitments (64 hex digits), if it has them")
	issue.Flags().String("reference", "", "public reference, e.g. the B/L number (never personal data)")

	imp := &cobra.Command{
		Use:   "import FILE --owner MEMBER --holder MEMBER [--evm-chain-id N] [--kind ebl] --from ISSUER",
		Short: "Register a TradeTrust v2 transferable document that leaves its EVM token registry; prints the record id",
		Long: `Register a wrapped TradeTrust (OpenAttestation v2) transferable document with its merkle root
and its token-registry reference (registry, chain id, token id) as the document gives them. The
document must verify (its data must produce its merkleRoot). The chain id comes from the
document's network.chainId, else from its TradeTrust action link; --evm-chain-id must agree with
it, or give it when the document names none. Surrendering the token on the EVM chain, so that it
is not live there too, is the holder's own step there (docs/transferable.md, "Import").`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			data, err := readDocFile(args[0])
			if err != nil {
				return err
			}
			docs, err := formats.Parse(data)
			if err != nil {
				return fmt.Errorf("%s: %w", args[0], err)
			}
			if len(docs) != 1 || docs[0].TradeDocument == nil || docs[0].TradeDocument.Token == nil {
				return fmt.Errorf("%s: not a wrapped TradeTrust transferable document (no token registry named; see dock inspect)", args[0])
			}
			d := docs[0]
			if d.Integrity == nil || !d.Integrity.Valid {
				return fmt.Errorf("%s: the document fails its integrity check, so it is not imported: %s", args[0], d.Integrity.Reason)
			}
			tok := d.TradeDocument.Token
			ref := title.TokenRef{Registry: tok.Registry, Network: strings.ToLower(tok.Network)}
			if ref.TokenID, err = kit.ParseHash(strings.TrimPrefix(tok.TokenID, "0x")); err != nil {
				return fmt.Errorf("token id: %w", err)
			}
			chain := tok.ChainID
			if v := get(cmd, "evm-chain-id"); v != "" {
				if chain != "" && chain != v {
					return fmt.Errorf("--evm-chain-id %s, but the document names chain %s (%s)", v, chain, tok.ChainIDFrom)
				}
				chain = v
			}
			if chain == "" {
				return fmt.Errorf("%s names no chain id: give --evm-chain-id", args[0])
			}
			if ref.ChainID, err = strconv.ParseUint(chain, 10, 64); err != nil {
				return fmt.Errorf("chain id %q: %w", chain, err)
			}
			msg := &title.MsgImport{Kind: get(cmd, "kind"), DocHash: kit.Hash(d.CanonicalHash), Token: ref, Reference: get(cmd, "reference")}
			if msg.MerkleRoot, err = kit.ParseHash(d.TradeDocument.MerkleRoot); err != nil {
				return fmt.Errorf("merkle root: %w", err)
			}
			if msg.Owner, err = member(cmd, "owner", true); err != nil {
				return err
			}
			if msg.Holder, err = member(cmd, "holder", true); err != nil {
				return err
			}
			idOf, err := created(cmd, msg.DocHash)
			if err != nil {
				return err
			}
			return env.sendTxNamed(cmd, "", "record", idOf, msg)
		},
	}
	imp.Flags().String("kind", title.KindEBL, "kind of record")
	imp.Flags().String("owner", "", "owner (beneficiary) here: member address or key name (required)")
	imp.Flags().String("holder", "", "holder here: member address or key name (required)")
	imp.Flags().String("evm-chain-id", "", "EIP-155 chain id of the token registry, when the document names none")
	imp.Flags().String("reference", "", "public reference, e.g. the B/L number (never personal data)")

	// step builds a command taking a record id and the flags of one step.
	step := func(use, short string, flags [][2]string, build func(cmd *cobra.Command, id kit.Hash) (kit.Msg, error)) *cobra.Command {
		c := &cobra.Command{Use: use, Short: short, Args: cobra.ExactArgs(1),
			RunE: func(cmd *cobra.Command, args []string) error {
				id, err := kit.ParseHash(args[0])
				if err != nil {
					return fmt.Errorf("record id: %w", err)
				}
				msg, err := build(cmd, id)
				if err != nil {
					return err
				}
				return env.sendTx(cmd, "", msg)
			}}
		for _, f := range flags {
			c.Flags().String(f[0], "", f[1])
		}
		return c
	}
	transfer := step("transfer ID --to MEMBER --from HOLDER", "Transfer holdership to another member (signer: the holder)",
		[][2]string{{"to", "the new holder (required)"}}, func(cmd *cobra.Command, id kit.Hash) (kit.Msg, error) {
			to, err := member(cmd, "to", true)
			return &title.MsgTransfer{ID: id, NewHolder: to}, err
		})
	nominate := step("nominate ID --nominee MEMBER --from OWNER", "Nominate a new owner, for the holder to endorse (signer: the owner)",
		[][2]string{{"nominee", "the nominated owner (required)"}}, func(cmd *cobra.Command, id kit.Hash) (kit.Msg, error) {
			n, err := member(cmd, "nominee", true)
			return &title.MsgNominate{ID: id, Nominee: n}, err
		})
	endorse := step("endorse ID --to MEMBER [--holder MEMBER] --from HOLDER",
		"Endorse ownership to the nominee, or to anyone when you hold and own it; --holder also delivers holdership",
		[][2]string{{"to", "the new owner (required)"}, {"holder", "the new holder, if holdership moves too"}},
		func(cmd *cobra.Command, id kit.Hash) (kit.Msg, error) {
			to, err := member(cmd, "to", true)
			if err != nil {
				return nil, err
			}
			h, err := member(cmd, "holder", false)
			return &title.MsgEndorse{ID: id, NewOwner: to, NewHolder: h}, err
		})
	simple := func(use, short string, msg func(kit.Hash) kit.Msg) *cobra.Command {
		return step(use, short, nil, func(_ *cobra.Command, id kit.Hash) (kit.Msg, error) { return msg(id), nil })
	}
	reject := simple("reject ID --from RECEIVER", "Reject the holdership or ownership the last step gave you: it returns to the previous holder and owner",
		func(id kit.Hash) kit.Msg { return &title.MsgReject{ID: id} })
	surrender := simple("surrender ID --from HOLDER", "Surrender the record to its issuer (for delivery of the goods, or payment)",
		func(id kit.Hash) kit.Msg { return &title.MsgSurrender{ID: id} })
	accept := simple("accept-surrender ID --from ISSUER", "Accept a surrender: the record is spent",
		func(id kit.Hash) kit.Msg { return &title.MsgAcceptSurrender{ID: id} })
	rejectS := simple("reject-surrender ID --from ISSUER", "Reject a surrender: the record returns to who surrendered it",
		func(id kit.Hash) kit.Msg { return &title.MsgRejectSurrender{ID: id} })
	paper := step("exit-to-paper ID --reason TEXT --from ISSUER", "Record that the record was converted to paper; nothing more can be done to it here",
		[][2]string{{"reason", "why (public, 1-256 bytes; never personal data)"}}, func(cmd *cobra.Command, id kit.Hash) (kit.Msg, error) {
			return &title.MsgExitToPaper{ID: id, Reason: get(cmd, "reason")}, nil
		})
	for _, c := range []*cobra.Command{issue, imp, transfer, nominate, endorse, reject, surrender, accept, rejectS, paper} {
		env.addTxFlags(c)
		cmd.AddCommand(c)
	}
	return cmd
}

// documentHash returns the canonical hash of the one document in the file
// args names (as dock inspect computes it), or the hash given instead.
func documentHash(args []string, hashFlag string) (kit.Hash, error) {
	switch {
	case len(args) == 1 && hashFlag != "":
		return kit.Hash{}, fmt.Errorf("give FILE or --doc-hash, not both")
	case hashFlag != "":
		h, err := kit.ParseHash(hashFlag)
		if err != nil {
			return h, fmt.Errorf("--doc-hash: %w", err)
		}
		return h, nil
	case len(args) == 0:
		return kit.Hash{}, fmt.Errorf("give the document FILE or --doc-hash")
	}
	data, err := readDocFile(args[0])
	if err != nil {
		return kit.Hash{}, err
	}
	docs, err := formats.Parse(data)
	if err != nil {
		return kit.Hash{}, fmt.Errorf("%s: %w", args[0], err)
	}
	if len(docs) != 1 {
		return kit.Hash{}, fmt.Errorf("%s holds %d documents; a record is of one", args[0], len(docs))
	}
	if in := docs[0].Integrity; in != nil && in.Checked && !in.Valid {
		return kit.Hash{}, fmt.Errorf("%s fails its integrity check: %s", args[0], in.Reason)
	}
	return kit.Hash(docs[0].CanonicalHash), nil
}
