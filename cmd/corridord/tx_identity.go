package main

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/corridor-trade/corridor/client"
	"github.com/corridor-trade/corridor/x/identity"
	"github.com/spf13/cobra"
)

// newTxIdentityCmd builds `tx identity`: attest and revoke, plus the
// offline `commitment` helper that computes a salted subject commitment.
func newTxIdentityCmd(env *cliEnv) *cobra.Command {
	cmd := &cobra.Command{Use: "identity", Short: "Attest claims about members or external entities, and revoke them"}

	attest := &cobra.Command{
		Use:   "attest (--subject ADDRESS|KEYNAME | --subject-commitment HEX) --claim CLAIM [--scheme SCHEME] (--credential FILE | --credential-hash HEX) [--valid-until RFC3339] --from ATTESTER",
		Short: "Attest a claim about a subject (signer: attester)",
		Long: `Attest a claim about a subject: a member (by address or keyring name) or an
external entity named by a salted commitment (see "tx identity commitment").

Claims and their schemes:
  legal-entity  uscc (Shanghai USCC), uen (Singapore UEN), br (Hong Kong BR), lei
  aeo           cn-aeo, sg-stp-plus, hk-aeo
  signatory     (no scheme)

Only the SHA-256 of the credential (e.g. a W3C VC) is recorded; the file
itself stays with you. The attestation id is SHA-256("corridor/attestation/v1"
‖ tx hash ‖ message index); the command prints it once committed, and
"query tx HASH" shows it in the attestation event.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			msg, err := attestMsg(env, cmd)
			if err != nil {
				return err
			}
			return env.sendTxNamed(cmd, "", "attestation", func(r *client.Result) string {
				var h [32]byte
				if b, err := hex.DecodeString(r.Hash); err == nil && len(b) == len(h) {
					copy(h[:], b)
				}
				return identity.AttestationID(h, 0).String()
			}, msg)
		},
	}
	attest.Flags().String("subject", "", "the subject member: address or keyring key name")
	attest.Flags().String("subject-commitment", "", "the subject as a salted commitment (64 hex digits)")
	attest.Flags().String("claim", "", "claim type: legal-entity, aeo or signatory")
	attest.Flags().String("scheme", "", "identifier or programme scheme of the claim")
	attest.Flags().String("credential", "", "file holding the off-ledger credential; only its SHA-256 is sent")
	attest.Flags().String("credential-hash", "", "SHA-256 of the off-ledger credential (64 hex digits)")
	attest.Flags().String("valid-from", "", "start of validity, RFC 3339 (default: the block time)")
	attest.Flags().String("valid-until", "", "end of validity, RFC 3339 (default: until revoked)")
	_ = attest.MarkFlagRequired("claim")

	revoke := &cobra.Command{
		Use:   "revoke ID --reason TEXT --from ATTESTER",
		Short: "Revoke an attestation you made (signer: its attester)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			id, err := identity.ParseHash(args[0])
			if err != nil {
				return fmt.Errorf("attestation id: %w", err)
			}
			reason, _ := cmd.Flags().GetString("reason")
			return env.sendTx(cmd, "", &identity.MsgRevoke{ID: id, Reason: reason})
		},
	}
	revoke.Flags().String("reason", "", "why (public; required; never personal data)")
	_ = revoke.MarkFlagRequired("reason")

	for _, c := range []*cobra.Command{attest, revoke} {
		env.addTxFlags(c)
		cmd.AddCommand(c)
	}
	cmd.AddCommand(newCommitmentCmd(env))
	return cmd
}

// attestMsg builds a MsgAttest from the attest command's flags.
func attestMsg(env *cliEnv, cmd *cobra.Command) (*identity.MsgAttest, error) {
	f := cmd.Flags()
	subj, _ := f.GetString("subject")
	comm, _ := f.GetString("subject-commitment")
	msg := &identity.MsgAttest{}
	switch {
	case (subj == "") == (comm == ""):
		return nil, fmt.Errorf("give exactly one of --subject or --subject-commitment")
	case subj != "":
		addr, err := memberAddress(env, cmd, subj)
		if err != nil {
			return nil, err
		}
		msg.Subject = identity.AddressSubject(addr)
	default:
		h, err := identity.ParseHash(comm)
		if err != nil {
			return nil, fmt.Errorf("--subject-commitment: %w", err)
		}
		msg.Subject = identity.CommitmentSubject(h)
	}
	msg.Claim, _ = f.GetString("claim")
	msg.Scheme, _ = f.GetString("scheme")
	file, _ := f.GetString("credential")
	ch, _ := f.GetString("credential-hash")
	switch {
	case (file == "") == (ch == ""):
		return nil, fmt.Errorf("give exactly one of --credential or --credential-hash")
	case file != "":
		h, err := hashFile(file)
		if err != nil {
			return nil, err
		}
		msg.CredentialHash = h
	default:
		h, err := identity.ParseHash(ch)
		if err != nil {
			return nil, fmt.Errorf("--credential-hash: %w", err)
		}
		msg.CredentialHash = h
	}
	var err error
	if msg.ValidFrom, err = timeFlag(cmd, "valid-from"); err != nil {
		return nil, err
	}
	if msg.ValidUntil, err = timeFlag(cmd, "valid-until"); err != nil {
		return nil, err
	}
	return msg, nil
}

// timeFlag reads an RFC 3339 flag as Unix nanoseconds (0 when unset).
func timeFlag(cmd *cobra.Command, name string) (int64, error) {
	s, _ := cmd.Flags().GetString(name)
	if s == "" {
		return 0, nil
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return 0, fmt.Errorf("--%s: want RFC 3339, e.g. 2027-01-31T00:00:00Z: %w", name, err)
	}
	return t.UnixNano(), nil
}

// hashFile returns the SHA-256 of a file's bytes.
func hashFile(path string) (identity.Hash, error) {
	var h identity.Hash
	f, err := os.Open(path)
	if err != nil {
		return h, err
	}
	defer f.Close()
	d := sha256.New()
	if _, err := io.Copy(d, f); err != nil {
		return h, fmt.Errorf("read %s: %w", path, err)
	}
	copy(h[:], d.Sum(nil))
	return h, nil
}

// Commitment is what `tx identity commitment` prints.
type Commitment struct {
	Scheme     string `json:"scheme"`
	Salt       string `json:"salt"`
	Commitment string `json:"commitment"`
}

// newCommitmentCmd computes a salted subject commitment offline.
func newCommitmentCmd(env *cliEnv) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "commitment --scheme uscc|uen|br|lei --id IDENTIFIER [--salt HEX]",
		Short: "Compute a salted subject commitment offline (sends nothing)",
		Long: `Compute SHA-256(salt ‖ scheme ‖ ":" ‖ identifier), the commitment that names
an external entity as an attestation subject. Write the identifier in its
canonical form (upper case, no spaces or separators). Without --salt a fresh
32-byte random salt is drawn. Keep the salt off the ledger: give it only to
parties entitled to learn the identifier, who can then recompute the commitment.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			scheme, _ := cmd.Flags().GetString("scheme")
			id, _ := cmd.Flags().GetString("id")
			saltHex, _ := cmd.Flags().GetString("salt")
			if !schemeOfLegalEntity(scheme) {
				return fmt.Errorf("--scheme must be one of %v", identity.SchemesOf(identity.ClaimLegalEntity))
			}
			var salt []byte
			if saltHex == "" {
				salt = make([]byte, 32)
				if _, err := rand.Read(salt); err != nil {
					return err
				}
			} else {
				var err error
				if salt, err = hex.DecodeString(saltHex); err != nil {
					return fmt.Errorf("--salt: %w", err)
				}
			}
			c, err := identity.Commit(salt, scheme, id)
			if err != nil {
				return err
			}
			out := Commitment{Scheme: scheme, Salt: hex.EncodeToString(salt), Commitment: c.String()}
			return env.print(cmd, out, func(w io.Writer) {
				fmt.Fprintf(w, "commitment %s\nsalt       %s (keep it off the ledger)\n", out.Commitment, out.Salt)
			})
		},
	}
	cmd.Flags().String("scheme", "", "identifier scheme: uscc, uen, br or lei")
	cmd.Flags().String("id", "", "the identifier, in canonical form")
	cmd.Flags().String("salt", "", "salt in hex, 16 to 64 bytes (default: 32 random bytes)")
	_ = cmd.MarkFlagRequired("scheme")
	_ = cmd.MarkFlagRequired("id")
	return cmd
}

func schemeOfLegalEntity(s string) bool {
	for _, x := range identity.SchemesOf(identity.ClaimLegalEntity) {
		if x == s {
			return true
		}
	}
	return false
}
