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
	if c, _ := cmd.Flags().GetString("certificate"); c != "" {
		return fmt.Errorf("--disclosure carries its own certificate: omit --certificate")
	}
	data, err := readlimit.ReadFile(path, disclose.MaxDisclosureSize)
	if err != nil {
		return disclose.ErrMalformed.Wrapf("%v", err)
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
	if err := env.print(cmd, v, v.WriteText); err != nil {
		return err
	}
	if !v.Valid {
		return &exitError{code: 1, msg: fmt.Sprintf("disclosure verification failed (%s): %d checks failed", v.Code, len(v.Failed()))}
	}
	return nil
}
