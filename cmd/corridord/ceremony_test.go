package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/corridor-trade/corridor/internal/localnet"
)

// cli runs the built binary and returns its stdout; it fails the test
// unless the exit status is want.
func cli(t *testing.T, bin string, want int, args ...string) string {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Env = append(os.Environ(), "CORRIDORD_KEYRING_BACKEND=")
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatalf("corridord %s: %v", strings.Join(args, " "), err)
	}
	if code != want {
		t.Fatalf("corridord %s: exit %d, want %d\nstdout: %s\nstderr: %s", strings.Join(args, " "), code, want, &out, &errb)
	}
	return out.String()
}

// syncBuffer is a log a running process writes while the test reads it.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// startNode runs `corridord start` for home (with extra flags) until the test ends (SIGINT,
// as a person would stop it) and returns its log.
func startNode(t *testing.T, bin, home string, extra ...string) *syncBuffer {
	t.Helper()
	log := &syncBuffer{}
	cmd := exec.Command(bin, append([]string{"start", "--home", home}, extra...)...)
	cmd.Stdout, cmd.Stderr = log, log
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Signal(syscall.SIGINT)
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		select {
		case <-done:
		case <-time.After(30 * time.Second):
			_ = cmd.Process.Kill()
			<-done
		}
	})
	return log
}

// waitFor polls cond until it holds or the timeout passes.
func waitFor(t *testing.T, what string, timeout time.Duration, cond func() bool, logs ...*syncBuffer) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for !cond() {
		if time.Now().After(deadline) {
			var all []string
			for _, l := range logs {
				s := l.String()
				if len(s) > 4000 {
					s = s[len(s)-4000:]
				}
				all = append(all, s)
			}
			t.Fatalf("%s: not after %v\nlogs:\n%s", what, timeout, strings.Join(all, "\n----\n"))
		}
		time.Sleep(500 * time.Millisecond)
	}
}

// TestGenesisCeremonyThreeCities follows README "Running a node": three
// cities, each with its own home, ports and operator key, write signed
// contributions; a coordinator collects them; each city checks the genesis
// against its own contribution, and all print the same hash; peers are set
// from the contributions; one node alone says it lacks voting power, and
// the three real processes together commit blocks.
func TestGenesisCeremonyThreeCities(t *testing.T) {
	if testing.Short() {
		t.Skip("starts three node processes")
	}
	bin := buildBinary(t)
	dir := t.TempDir()
	ports, err := localnet.FreePorts(7)
	if err != nil {
		t.Fatal(err)
	}
	cities := []struct{ name, jur, key string }{{"shanghai", "CN-SH", "sh-operator"}, {"singapore", "SG", "sg-operator"}, {"hongkong", "HK", "hk-operator"}}
	homes := make([]string, len(cities))
	var contribs []string
	for i, c := range cities {
		homes[i] = filepath.Join(dir, c.name)
		home := []string{"--home", homes[i]}
		cli(t, bin, 0, append([]string{"init", c.name, "--chain-id", "corridor-1", "--jurisdiction", c.jur,
			"--p2p.laddr", fmt.Sprintf("tcp://127.0.0.1:%d", ports[2*i]), "--rpc.laddr", fmt.Sprintf("tcp://127.0.0.1:%d", ports[2*i+1])}, home...)...)
		cli(t, bin, 0, append([]string{"keys", "add", c.key, "--keyring-backend", "test"}, home...)...)
		f := filepath.Join(dir, c.jur+".json")
		cli(t, bin, 0, append([]string{"genesis", "contribute", "--jurisdiction", c.jur, "--from", c.key, "--keyring-backend", "test", "--out", f}, home...)...)
		contribs = append(contribs, f)
	}

	// The coordinator: a bad contribution is refused with its code, then the
	// three are collected.
	coord := filepath.Join(dir, "coordinator")
	out := cli(t, bin, 1, append([]string{"genesis", "collect", "--home", coord, "-o", "json"}, append(contribs, contribs[1])...)...)
	if !strings.Contains(out, `"name": "genesis/conflict"`) {
		t.Errorf("collect with SG twice: %s", out)
	}
	tampered := filepath.Join(dir, "tampered.json")
	b, _ := os.ReadFile(contribs[1])
	if err := os.WriteFile(tampered, bytes.Replace(b, []byte(`"power": 10`), []byte(`"power": 99`), 1), 0o600); err != nil {
		t.Fatal(err)
	}
	out = cli(t, bin, 1, "genesis", "collect", "--home", coord, "-o", "json", contribs[0], tampered, contribs[2])
	if !strings.Contains(out, `"name": "genesis/bad_signature"`) {
		t.Errorf("collect with a changed power: %s", out)
	}
	var col CollectResult
	if err := json.Unmarshal([]byte(cli(t, bin, 0, append([]string{"genesis", "collect", "--home", coord, "-o", "json"}, contribs...)...)), &col); err != nil {
		t.Fatal(err)
	}
	if col.Validators != 3 || col.TotalPower != 30 || col.Needed != 21 {
		t.Fatalf("collected %+v", col)
	}

	// Every city checks the genesis against its own contribution and
	// publishes the hash; all agree.
	gen, err := os.ReadFile(col.Genesis)
	if err != nil {
		t.Fatal(err)
	}
	for i, c := range cities {
		if err := os.WriteFile(filepath.Join(homes[i], "config", "genesis.json"), gen, 0o600); err != nil {
			t.Fatal(err)
		}
		var chk CheckResult
		if err := json.Unmarshal([]byte(cli(t, bin, 0, "genesis", "check-contribution", contribs[i], "--home", homes[i], "-o", "json")), &chk); err != nil {
			t.Fatal(err)
		}
		if chk.SHA256 != col.SHA256 || chk.Power != 10 || chk.Jurisdiction != c.jur {
			t.Errorf("%s: check %+v, coordinator's hash %s", c.name, chk, col.SHA256)
		}
		if h := cli(t, bin, 0, "genesis", "hash", "--home", homes[i]); !strings.HasPrefix(h, col.SHA256) {
			t.Errorf("%s: genesis hash %q", c.name, h)
		}
		// A contribution changed after signing is refused.
		if i == 0 {
			cli(t, bin, 1, "genesis", "check-contribution", tampered, "--home", homes[i])
		}
	}

	// Before peers are set, validate warns that this node alone cannot
	// make blocks; after `genesis peers --write` it reaches all the power.
	out = cli(t, bin, 0, "genesis", "validate", "--home", homes[0])
	if !strings.Contains(out, "WARNING") || !strings.Contains(out, "10 of 30") || !strings.Contains(out, "no persistent_peers") {
		t.Errorf("validate without peers:\n%s", out)
	}
	for i := range cities {
		cli(t, bin, 0, append([]string{"genesis", "peers", "--write", "--home", homes[i]}, contribs...)...)
	}
	out = cli(t, bin, 0, "genesis", "validate", "--home", homes[0])
	if strings.Contains(out, "WARNING") || !strings.Contains(out, "30 of 30") {
		t.Errorf("validate with peers:\n%s", out)
	}

	// Shanghai alone: no block, and it says why.
	rpc0 := fmt.Sprintf("tcp://127.0.0.1:%d", ports[1])
	log0 := startNode(t, bin, homes[0])
	waitFor(t, "shanghai reports its voting power", 2*time.Minute, func() bool {
		return strings.Contains(log0.String(), "no block yet") && strings.Contains(log0.String(), "10 of 30 voting power; a block needs 21")
	}, log0)
	if out := cli(t, bin, 0, "status", "--node", rpc0); !strings.Contains(out, "no block yet") || strings.Contains(out, "1970") {
		t.Errorf("status before the first block:\n%s", out)
	}

	// The other two cities start: the chain commits blocks.
	log1 := startNode(t, bin, homes[1])
	// Hong Kong moves its RPC for this run with a flag (config.toml keeps
	// its own).
	log2 := startNode(t, bin, homes[2], "--rpc.laddr", fmt.Sprintf("tcp://127.0.0.1:%d", ports[6]))
	waitFor(t, "a committed block", 3*time.Minute, func() bool {
		cmd := exec.Command(bin, "status", "--node", rpc0, "-o", "json")
		b, err := cmd.Output()
		if err != nil {
			return false
		}
		var st NodeStatus
		return json.Unmarshal(b, &st) == nil && st.Height >= 2 && st.BlockTime != ""
	}, log0, log1, log2)
	var st NodeStatus
	if err := json.Unmarshal([]byte(cli(t, bin, 0, "status", "--node", fmt.Sprintf("tcp://127.0.0.1:%d", ports[6]), "-o", "json")), &st); err != nil {
		t.Fatal(err)
	}
	if st.ChainID != "corridor-1" || st.Moniker != "hongkong" {
		t.Errorf("hongkong status %+v", st)
	}
}
