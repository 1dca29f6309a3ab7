package main

import "github.com/spf13/cobra"

func newTxCmd(env *cliEnv) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "tx",
		Short: "Sign and send transactions (waits for the commit and prints code, height and hash)",
	}
	cmd.AddCommand(newTxMemberCmd(env), newTxIdentityCmd(env), newTxRecognitionCmd(env), newTxInvoiceCmd(env), newTxPaymentCmd(env), newTxDockingCmd(env), newTxGovCmd(env))
	cmd.AddCommand(newTxExportCmd(env), newTxTitleCmd(env))
	cmd.AddCommand(newTxStatusCmd(env))
	return cmd
}
