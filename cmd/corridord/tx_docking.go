package main

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/corridor-trade/corridor/client"
	"github.com/corridor-trade/corridor/crypto/secp"
	"github.com/corridor-trade/corridor/internal/relayer"
	"github.com/corridor-trade/corridor/x/docking"
	"github.com/corridor-trade/corridor/x/invoice"
	"github.com/spf13/cobra"
)

// newTxDockingCmd builds `tx docking`: register counterparty chains, update
// their light clients and dock notarised records.
func newTxDockingCmd(env *cliEnv) *cobra.Command {
	cmd := &cobra.Command{Use: "docking", Short: "Register counterparty chains and dock their records (docs/cross-chain.md)"}

	regCometBFT := &cobra.Command{
		Use:   "register-cometbft --counterparty-node NODE [--expect-hash HEX] --from OPERATOR",
		Short: "Register a Corridor (CometBFT) chain, trusting its latest header (signer: operator)",
		Long: `Fetch the counterparty's latest signed header and validator set from
--counterparty-node and register them as the trusted state of a light
client. Your jurisdiction vouches for the counterparty: check the printed
header hash against a second source (the counterparty's operators) and pass
it as --expect-hash, which makes the command refuse any other header.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			f := cmd.Flags()
			node, _ := f.GetString("counterparty-node")
			if node == "" {
				return fmt.Errorf("--counterparty-node is required")
			}
			period, _ := f.GetDuration("trusting-period")
			drift, _ := f.GetDuration("max-clock-drift")
			desc, _ := f.GetString("description")
			src, err := client.New(node)
			if err != nil {
				return err
			}
			msg, lb, err := relayer.RegisterMsg(ctxOf(cmd), src, period, drift, desc)
			if err != nil {
				return err
			}
			hash := fmt.Sprintf("%X", lb.SignedHeader.Hash())
			fmt.Fprintf(cmd.ErrOrStderr(), "trusting %s header %d, hash %s, validator set %X (%d validators)\n",
				msg.ChainID, lb.SignedHeader.Height, hash, lb.Validators.Hash(), lb.Validators.Size())
			if want, _ := f.GetString("expect-hash"); want != "" && !strings.EqualFold(want, hash) {
				return fmt.Errorf("the counterparty node sent header hash %s, not the expected %s: not registering", hash, want)
			}
			return env.sendTx(cmd, "", msg)
		},
	}
	regCometBFT.Flags().String("counterparty-node", "", "RPC address of a node of the counterparty chain (required)")
	regCometBFT.Flags().String("expect-hash", "", "refuse unless the fetched header has this hash")
	regCometBFT.Flags().Duration("trusting-period", docking.RecommendedTrustingPeriod, "how long a verified header may be used to verify newer ones")
	regCometBFT.Flags().Duration("max-clock-drift", 10*time.Second, "how far a header time may lie beyond the block time")
	regCometBFT.Flags().String("description", "", "public description of the counterparty")

	regNotary := &cobra.Command{
		Use:   "register-notary CHAIN_ID --notary PUBKEY_HEX ... --threshold K --from OPERATOR",
		Short: "Register a ledger without a light client, vouched for by k of n notaries (signer: operator)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			f := cmd.Flags()
			keys, _ := f.GetStringArray("notary")
			k, _ := f.GetUint32("threshold")
			desc, _ := f.GetString("description")
			msg := &docking.MsgRegisterClient{ChainID: args[0], ClientType: docking.TypeNotary, Description: desc, Threshold: k}
			for _, s := range keys {
				pk, err := secp.ParsePubKeyHex(s)
				if err != nil {
					return fmt.Errorf("--notary %q: %w", s, err)
				}
				msg.Notaries = append(msg.Notaries, pk)
			}
			return env.sendTx(cmd, "", msg)
		},
	}
	regNotary.Flags().StringArray("notary", nil, "a notary's compressed secp256k1 public key in hex (repeatable)")
	regNotary.Flags().Uint32("threshold", 0, "how many notaries must sign each record")
	regNotary.Flags().String("description", "", "public description of the ledger, e.g. Hyperledger Fabric trade channel")

	update := &cobra.Command{
		Use:   "update-client --counterparty-node NODE [--height H] [--trusted-height T] --from MEMBER",
		Short: "Move a light client to a newer counterparty header (signer: any member; the relayer does this for you)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			f := cmd.Flags()
			node, _ := f.GetString("counterparty-node")
			h, _ := f.GetInt64("height")
			trusted, _ := f.GetInt64("trusted-height")
			src, err := client.New(node)
			if err != nil {
				return err
			}
			chainID, err := src.ChainID(ctxOf(cmd))
			if err != nil {
				return err
			}
			msg, err := relayer.UpdateMsg(ctxOf(cmd), src, chainID, h, trusted)
			if err != nil {
				return err
			}
			return env.sendTx(cmd, "", msg)
		},
	}
	update.Flags().String("counterparty-node", "", "RPC address of a node of the counterparty chain (required)")
	update.Flags().Int64("height", 0, "counterparty header height (default: its latest)")
	update.Flags().Int64("trusted-height", 0, "stored header to verify from (default: the highest below --height)")

	notarySign := &cobra.Command{
		Use:   "notary-sign --chain CHAIN_ID --height H --key KEY --value-file FILE --doc-hash HASH --profile PROFILE --from NOTARY",
		Short: "Sign a notary statement about a record of another ledger (offline; prints PUBKEY:SIGNATURE)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			m, err := notaryRecord(cmd)
			if err != nil {
				return err
			}
			from := env.flag(cmd, "from")
			if from == "" {
				return fmt.Errorf("--from is required: the notary's key")
			}
			kr, err := openKeyring(env, cmd)
			if err != nil {
				return err
			}
			key, err := kr.Key(from)
			if err != nil {
				return err
			}
			sig := key.Sign(docking.NotaryDigest(m.ChainID, m.Height, m.Key, sha256.Sum256(m.Value), m.DocHash, m.Profile))
			line := key.PubKey().String() + ":" + hex.EncodeToString(sig[:])
			return env.print(cmd, map[string]string{"signature": line}, func(w io.Writer) { fmt.Fprintln(w, line) })
		},
	}
	notarySign.Flags().String("from", "", "keyring name of the notary key")
	notarySign.Flags().String("keyring-backend", "file", "keyring backend: file (encrypted) or test (plain, devnets only)")

	dockNotarised := &cobra.Command{
		Use:   "dock-notarised --chain CHAIN_ID --height H --key KEY --value-file FILE --doc-hash HASH --profile PROFILE --sig PUBKEY:SIG ... --from MEMBER",
		Short: "Dock a record of a notary-vouched ledger with k notary signatures (signer: any member)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			m, err := notaryRecord(cmd)
			if err != nil {
				return err
			}
			sigs, _ := cmd.Flags().GetStringArray("sig")
			for _, s := range sigs {
				pkHex, sigHex, ok := strings.Cut(s, ":")
				pk, err := secp.ParsePubKeyHex(pkHex)
				sig, herr := hex.DecodeString(sigHex)
				if !ok || err != nil || herr != nil {
					return fmt.Errorf("--sig %q: want PUBKEY_HEX:SIGNATURE_HEX as printed by notary-sign", s)
				}
				m.Signatures = append(m.Signatures, docking.NotarySignature{PubKey: pk, Signature: sig})
			}
			return env.sendTx(cmd, "", m)
		},
	}
	dockNotarised.Flags().StringArray("sig", nil, "a notary's PUBKEY:SIGNATURE from notary-sign (repeatable)")

	for _, c := range []*cobra.Command{notarySign, dockNotarised} {
		c.Flags().String("chain", "", "the ledger's chain-id or name, as registered")
		c.Flags().Int64("height", 0, "the ledger's block number or height holding the record")
		c.Flags().String("key", "", "the record's key on the ledger")
		c.Flags().String("value-file", "", "file holding the record's value (its SHA-256 is signed)")
		c.Flags().String("doc-hash", "", "the document hash (64 hex digits)")
		c.Flags().String("profile", "", "the document's profile, e.g. ubl-2.1")
	}
	for _, c := range []*cobra.Command{regCometBFT, regNotary, update, dockNotarised} {
		env.addTxFlags(c)
		cmd.AddCommand(c)
	}
	env.addNodeFlag(notarySign)
	cmd.AddCommand(notarySign)
	return cmd
}

// notaryRecord reads the record flags shared by notary-sign and
// dock-notarised.
func notaryRecord(cmd *cobra.Command) (*docking.MsgDock, error) {
	f := cmd.Flags()
	chain, _ := f.GetString("chain")
	height, _ := f.GetInt64("height")
	key, _ := f.GetString("key")
	file, _ := f.GetString("value-file")
	doc, _ := f.GetString("doc-hash")
	profile, _ := f.GetString("profile")
	h, err := invoice.ParseHash(doc)
	if err != nil {
		return nil, fmt.Errorf("--doc-hash: %w", err)
	}
	var value []byte
	if file != "" {
		if value, err = readDocFile(file); err != nil {
			return nil, err
		}
	}
	m := &docking.MsgDock{ChainID: chain, Height: height, DocHash: h, Key: []byte(key), Value: value, Profile: profile}
	if !docking.ValidChainID(chain) || height <= 0 || key == "" || profile == "" {
		return nil, fmt.Errorf("--chain, --height, --key and --profile are required")
	}
	return m, nil
}
