package main

import (
	"fmt"
	"io"
	"runtime"
	"runtime/debug"

	"github.com/corridor-trade/corridor/app"
	"github.com/spf13/cobra"
)

// VersionInfo is what `corridord version` prints.
type VersionInfo struct {
	Version    string `json:"version"`
	Commit     string `json:"commit,omitempty"`
	Modified   bool   `json:"modified,omitempty"`
	GoVersion  string `json:"go"`
	CometBFT   string `json:"cometbft"`
	AppVersion uint64 `json:"app_protocol"`
}

// buildCommit and buildModified are set by make build (-ldflags -X) from
// git, for builds the Go toolchain cannot stamp itself: it records
// vcs.revision only in a checkout whose .git is a directory, not in a git
// worktree, and not with -buildvcs=false.
var buildCommit, buildModified string

func buildVersion() VersionInfo {
	vi := VersionInfo{Version: "(devel)", GoVersion: runtime.Version(), AppVersion: app.Version,
		Commit: buildCommit, Modified: buildModified == "true"}
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return vi
	}
	if bi.Main.Version != "" {
		vi.Version = bi.Main.Version
	}
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			vi.Commit = s.Value
		case "vcs.modified":
			vi.Modified = s.Value == "true"
		}
	}
	for _, d := range bi.Deps {
		if d.Path == "github.com/cometbft/cometbft" {
			vi.CometBFT = d.Version
		}
	}
	return vi
}

func newVersionCmd(env *cliEnv) *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print the version, commit and CometBFT version this binary was built from",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			vi := buildVersion()
			return env.print(cmd, vi, func(w io.Writer) {
				fmt.Fprintf(w, "corridord %s", vi.Version)
				if vi.Commit != "" {
					fmt.Fprintf(w, " (commit %.12s", vi.Commit)
					if vi.Modified {
						fmt.Fprint(w, ", modified")
					}
					fmt.Fprint(w, ")")
				}
				fmt.Fprintf(w, "\nCometBFT %s, %s, app protocol %d\n", vi.CometBFT, vi.GoVersion, vi.AppVersion)
			})
		},
	}
}
