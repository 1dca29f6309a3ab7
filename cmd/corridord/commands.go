package main

import "github.com/spf13/cobra"

// commands lists the top-level commands, one file per group.
func commands(env *cliEnv) []*cobra.Command {
	cmds := []*cobra.Command{
		newKeysCmd(env),
		newVersionCmd(env),
	}
	for _, c := range cmds {
		c.PersistentPreRunE = func(*cobra.Command, []string) error { return env.checkOutput() }
	}
	return cmds
}
