package main

import (
	"fmt"

	"github.com/corridor-trade/corridor/codes"
	"github.com/corridor-trade/corridor/disclose"
	"github.com/corridor-trade/corridor/internal/readlimit"
	"github.com/corridor-trade/corridor/proof"
	"github.com/spf13/cobra"
)

// runVerifyDisclosure is "verify --disclosure D.json": offline, it checks
// the disclosure, its attached certificate and that the certificate's
// anchor carries the disclosure's field root, and prints the verdict lines
// and the disclosed fields only. A failed check exits 1 with its code.
func runVerifyDisclosure(env *cliEnv, cmd *cobra.Command, args []string, path string) error {
	if len(args) > 0 {
		return fmt.Errorf("--disclosure takes no FILE or HASH: the disclosure names its document")
	}
	certPath, _ := cmd.Flags().GetString("certificate")
	data, err := readlimit.ReadFile(path, disclose.MaxDisclosureSize)
	if err != nil {
		return disclose.ErrMalformed.Wrapf("%v", err)
	}
	if proof.IsOpenAttestation(data) {
		return runVerifyOpenAttestation(env, cmd, data, certPath)
	}
	if certPath != "" {
		return fmt.Errorf("--disclosure carries its own certificate: omit --certificate")
	}
	d, err := disclose.Decode(data)
	if err != nil {
		return err
	}
	chainID := func() (string, error) {
		cert, err := proof.ParseCertificate(d.Certificate)
		if err != nil {
			return "", codes.DiscloseNoCertificate.Wrapf("%v", err)
		}
		return cert.ChainID, nil
	}
	trust, err := trustFlag(env, cmd, chainID)
	if err != nil {
		return err
	}
	jurisdictions, _ := cmd.Flags().GetStringSlice("jurisdiction")
	v, err := proof.VerifyDisclosure(d, trust, proof.Options{Jurisdictions: jurisdictions})
	if err != nil {
		return err
	}
	return printDisclosureVerdict(env, cmd, v)
}

// printDisclosureVerdict prints v and exits 1 when it is not valid.
func printDisclosureVerdict(env *cliEnv, cmd *cobra.Command, v *proof.DisclosureVerdict) error {
	if err := env.print(cmd, v, v.WriteText); err != nil {
		return err
	}
	if !v.Valid {
		return &exitError{code: 1, msg: fmt.Sprintf("disclosure verification failed (%s): %d checks failed", v.Code, len(v.Failed()))}
	}
	return nil
}

// runVerifyOpenAttestation is "verify --disclosure OA.json --certificate
// CERT.json": an OpenAttestation v2 document, obfuscated or not, is its own
// disclosure; the certificate of its merkleRoot (query certificate) proves
// the anchor.
func runVerifyOpenAttestation(env *cliEnv, cmd *cobra.Command, data []byte, certPath string) error {
	if certPath == "" {
		return codes.DiscloseNoCertificate.Wrapf("an OpenAttestation document carries no certificate: give --certificate FILE, the certificate of its merkleRoot (query certificate)")
	}
	cert, err := proof.ReadCertificate(certPath)
	if err != nil {
		return codes.DiscloseNoCertificate.Wrapf("%s: %v", certPath, err)
	}
	trust, err := trustFlag(env, cmd, func() (string, error) { return cert.ChainID, nil })
	if err != nil {
		return err
	}
	jurisdictions, _ := cmd.Flags().GetStringSlice("jurisdiction")
	v, err := proof.VerifyOpenAttestation(data, cert, trust, proof.Options{Jurisdictions: jurisdictions})
	if err != nil {
		return err
	}
	return printDisclosureVerdict(env, cmd, v)
}
