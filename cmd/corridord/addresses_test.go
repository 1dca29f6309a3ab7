package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/corridor-trade/corridor/internal/node"
)

// TestInitTakesAddresses checks that init writes the addresses given as
// flags and as CORRIDORD_<SECTION>_<KEY> into config.toml and app.toml,
// a flag winning over the environment.
func TestInitTakesAddresses(t *testing.T) {
	home := t.TempDir()
	t.Setenv("CORRIDORD_RPC_LADDR", "tcp://127.0.0.1:46657")
	t.Setenv("CORRIDORD_P2P_LADDR", "tcp://127.0.0.1:1") // the flag below wins
	t.Setenv("CORRIDORD_API_ADDRESS", "127.0.0.1:41318")
	mustCLI(t, home, "init", "sg-1", "--chain-id", "c-1", "--jurisdiction", "SG", "--p2p.laddr", "tcp://127.0.0.1:46656",
		"--p2p.external_address", "sg.example:46656")
	conf, err := node.LoadCometConfig(home)
	if err != nil {
		t.Fatal(err)
	}
	if conf.RPC.ListenAddress != "tcp://127.0.0.1:46657" || conf.P2P.ListenAddress != "tcp://127.0.0.1:46656" || conf.P2P.ExternalAddress != "sg.example:46656" {
		t.Errorf("config.toml: rpc %s, p2p %s, external %s", conf.RPC.ListenAddress, conf.P2P.ListenAddress, conf.P2P.ExternalAddress)
	}
	app, err := readAppTOML(home)
	if err != nil {
		t.Fatal(err)
	}
	if app.API.Address != "127.0.0.1:41318" {
		t.Errorf("app.toml api.address %q", app.API.Address)
	}
	if _, _, err := runCLI(t, t.TempDir(), "init", "x", "--chain-id", "c", "--rpc.laddr", "127.0.0.1:1"); err == nil || !strings.Contains(err.Error(), "tcp://") {
		t.Errorf("an address without a scheme: %v", err)
	}
}

// TestVersionSaysTheCommit checks both sources of the commit in `version`.
func TestVersionSaysTheCommit(t *testing.T) {
	old := buildCommit
	t.Cleanup(func() { buildCommit = old })
	buildCommit = "0123456789abcdef0123456789abcdef01234567"
	out, _ := mustCLI(t, t.TempDir(), "version", "-o", "json")
	var vi VersionInfo
	if err := json.Unmarshal([]byte(out), &vi); err != nil {
		t.Fatal(err)
	}
	// A test binary has no vcs.revision, so the linker-set commit shows.
	if vi.Commit != buildCommit || vi.CometBFT == "" {
		t.Errorf("version %+v", vi)
	}
	text, _ := mustCLI(t, t.TempDir(), "version")
	if !strings.Contains(text, "commit 0123456789ab") {
		t.Errorf("version text %q", text)
	}
}

// TestMakeInstall runs `make install` into a temporary BINDIR and checks
// the installed corridord runs and says the commit it was built from.
func TestMakeInstall(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary with make")
	}
	if _, err := exec.LookPath("make"); err != nil {
		t.Skip("make not installed")
	}
	head, err := exec.Command("git", "rev-parse", "HEAD").Output()
	if err != nil {
		t.Skip("not a git checkout: no commit to compare")
	}
	bindir := filepath.Join(t.TempDir(), "bin")
	cmd := exec.Command("make", "-C", filepath.Join("..", ".."), "install", "BINDIR="+bindir)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("make install: %v\n%s", err, out)
	}
	installed := filepath.Join(bindir, "corridord")
	if fi, err := os.Stat(installed); err != nil || fi.Mode()&0o111 == 0 {
		t.Fatalf("installed binary: %v", err)
	}
	out, err := exec.Command(installed, "version", "-o", "json").Output()
	if err != nil {
		t.Fatal(err)
	}
	var vi VersionInfo
	if err := json.Unmarshal(out, &vi); err != nil {
		t.Fatal(err)
	}
	if vi.Commit != strings.TrimSpace(string(head)) {
		t.Errorf("installed version says commit %q, HEAD is %s", vi.Commit, head)
	}
}

// TestOneNodeGenesisByHand keeps the hand-edited path working: init, one
// operator per jurisdiction with add-operator, validate refusing a chain
// whose other jurisdictions have no validator until `genesis devnet` marks
// it a one-jurisdiction test chain, and validate, which finds
// that the node's own validator alone holds all the power (no warning),
// and warns once a second, unconnected validator is added.
func TestOneNodeGenesisByHand(t *testing.T) {
	home := t.TempDir()
	mustCLI(t, home, "init", "solo", "--chain-id", "solo-1", "--jurisdiction", "SG")
	for _, j := range []string{"CN-SH", "HK", "SG"} {
		name := strings.ToLower(j) + "-op"
		mustCLI(t, home, "keys", "add", name, "--keyring-backend", "test")
		mustCLI(t, home, "genesis", "add-operator", "--jurisdiction", j, "--key", name, "--keyring-backend", "test")
	}
	if o, e, err := runCLI(t, home, "genesis", "validate"); err == nil || !strings.Contains(o+e, "gov.params.devnet") {
		t.Fatalf("validate without a validator in CN-SH and HK: %v\n%s%s", err, o, e)
	}
	mustCLI(t, home, "genesis", "devnet")
	out, _ := mustCLI(t, home, "genesis", "validate", "-o", "json")
	var chk GenesisCheck
	if err := json.Unmarshal([]byte(out), &chk); err != nil {
		t.Fatal(err)
	}
	if !chk.Valid || chk.Reach == nil || chk.Reach.Power != 10 || chk.Reach.Needed != 7 || len(chk.Warnings) != 0 {
		t.Fatalf("validate %+v %+v", chk, chk.Reach)
	}
	// Validators of the other two cities, not connected: no longer a
	// devnet, and the node alone cannot make a block.
	for _, v := range []struct{ name, j string }{{"hk-1", "HK"}, {"sh-1", "CN-SH"}} {
		other := t.TempDir()
		mustCLI(t, other, "init", v.name, "--chain-id", "solo-1", "--jurisdiction", v.j)
		mustCLI(t, home, "genesis", "add-validator", v.name, "--jurisdiction", v.j, "--from-home", other)
	}
	mustCLI(t, home, "genesis", "devnet", "false")
	out, _ = mustCLI(t, home, "genesis", "validate")
	if !strings.Contains(out, "WARNING: this node knows validators holding 10 of 30 voting power; a block needs 21") {
		t.Errorf("validate with an unconnected second validator:\n%s", out)
	}
}

// TestMakeRunPassesAddresses checks what `make run` would run (make -n)
// with the address variables and ARGS.
func TestMakeRunPassesAddresses(t *testing.T) {
	if _, err := exec.LookPath("make"); err != nil {
		t.Skip("make not installed")
	}
	out, err := exec.Command("make", "-n", "-C", filepath.Join("..", ".."), "run", "RPC_PORT=36657", "P2P_PORT=36656",
		"API_ADDRESS=127.0.0.1:31318", "ARGS=--no-demo -o json").CombinedOutput()
	if err != nil {
		t.Fatalf("make -n run: %v\n%s", err, out)
	}
	line := strings.Join(strings.Fields(strings.ReplaceAll(string(out), "\\\n", " ")), " ")
	for _, want := range []string{"devnet --home ./.devnet", "--rpc-port 36657", "--p2p-port 36656", "--api.address 127.0.0.1:31318", "--no-demo -o json"} {
		if !strings.Contains(line, want) {
			t.Errorf("make run does not pass %q:\n%s", want, out)
		}
	}
}
