package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/viper"
)

// defaultHome is ~/.corridord.
func defaultHome() string {
	h, err := os.UserHomeDir()
	if err != nil {
		return ".corridord"
	}
	return filepath.Join(h, ".corridord")
}

// newRoot builds the command tree and returns it with the configuration
// its commands share (main needs it to report a failure in the chosen
// output format). Configuration precedence for every flag bound through
// viper: flag > environment (CORRIDORD_<FLAG>, dashes as underscores) >
// config/app.toml > default.
func newRoot() (*cobra.Command, *cliEnv) {
	v := viper.New()
	v.SetEnvPrefix("CORRIDORD")
	v.SetEnvKeyReplacer(strings.NewReplacer("-", "_", ".", "_"))
	v.AutomaticEnv()
	root := &cobra.Command{
		Use:           "corridord",
		Short:         "Corridor: cross-border mutual recognition of trade documents on CometBFT",
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.PersistentFlags().String("home", defaultHome(), "node and client home directory")
	root.PersistentFlags().StringP("output", "o", "text", "output format: text or json")
	_ = v.BindPFlag("home", root.PersistentFlags().Lookup("home"))
	_ = v.BindPFlag("output", root.PersistentFlags().Lookup("output"))
	env := &cliEnv{v: v}
	root.AddCommand(commands(env)...)
	return root, env
}

// cliEnv carries what every command shares: the merged configuration.
type cliEnv struct {
	v      *viper.Viper
	warned map[string]bool // warnings already printed by this command
}

// warnOnce prints a warning to the command's stderr unless this command
// has printed it already.
func (e *cliEnv) warnOnce(cmd *cobra.Command, msg string) {
	if e.warned[msg] {
		return
	}
	if e.warned == nil {
		e.warned = map[string]bool{}
	}
	e.warned[msg] = true
	fmt.Fprintln(cmd.ErrOrStderr(), msg)
}

// Home returns the resolved home directory.
func (e *cliEnv) Home() string { return e.v.GetString("home") }
