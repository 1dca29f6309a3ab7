package main

import "github.com/spf13/cobra"

// commands lists the top-level commands, one file per group.
func commands(env *cliEnv) []*cobra.Command {
	cmds := []*cobra.Command{
		newInitCmd(env),
		newStartCmd(env),
		newStatusCmd(env),
		newGenesisCmd(env),
		newTxCmd(env),
		newQueryCmd(env),
		newDevnetCmd(env),
		newKeysCmd(env),
		newVersionCmd(env),
		newVerifyCmd(env),
		newDiscloseCmd(env),
		newTestnetCmd(env),
		newDockCmd(env),
		newRelayCmd(env),
		newSignerCmd(env),
		newRollbackCmd(env),
		newExportCmd(env),
		newStatesyncCmd(env),
	}
	for _, c := range cmds {
		c.PersistentPreRunE = func(*cobra.Command, []string) error { return env.checkOutput() }
	}
	return cmds
}
