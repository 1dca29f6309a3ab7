package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/corridor-trade/corridor/internal/localnet"
)

// devnetEvent is one JSON line of `devnet -o json`.
type devnetEvent struct {
	Event string   `json:"event"`
	Step  string   `json:"step"`
	Lines []string `json:"lines"`
	RPC   string   `json:"rpc"`
	API   string   `json:"api"`
}

// devnetRun is a running `corridord devnet -o json` process.
type devnetRun struct {
	cmd    *exec.Cmd
	events chan devnetEvent
	stderr *strings.Builder
}

// startDevnet runs the devnet (what `make run` does) on the given P2P, RPC
// and API ports (nil: no address flags, the devnet's remembered ones) and
// returns once it has printed "ready", with every event up to it.
func startDevnet(t *testing.T, bin, home string, ports []int) (*devnetRun, []devnetEvent) {
	t.Helper()
	args := []string{"devnet", "--home", home, "-o", "json"}
	if ports != nil {
		args = append(args, "--p2p-port", fmt.Sprint(ports[0]), "--rpc-port", fmt.Sprint(ports[1]),
			"--api.address", fmt.Sprintf("127.0.0.1:%d", ports[2]))
	}
	cmd := exec.Command(bin, args...)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	r := &devnetRun{cmd: cmd, events: make(chan devnetEvent, 64), stderr: &strings.Builder{}}
	cmd.Stderr = r.stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill() })
	go func() {
		defer close(r.events)
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			var e devnetEvent
			if err := json.Unmarshal(sc.Bytes(), &e); err != nil {
				e = devnetEvent{Event: "not-json", Lines: []string{sc.Text()}}
			}
			r.events <- e
		}
		_, _ = io.Copy(io.Discard, stdout)
	}()
	var got []devnetEvent
	timeout := time.After(3 * time.Minute)
	for {
		select {
		case e, ok := <-r.events:
			if !ok {
				t.Fatalf("devnet exited before it was ready: %v\nevents %+v\nstderr:\n%s", cmd.Wait(), got, r.stderr)
			}
			if e.Event == "not-json" {
				t.Fatalf("devnet -o json printed a line that is not JSON: %q", e.Lines[0])
			}
			got = append(got, e)
			if e.Event == "ready" {
				return r, got
			}
		case <-timeout:
			t.Fatalf("devnet not ready after 3 minutes; events %+v\nstderr:\n%s", got, r.stderr)
		}
	}
}

// interrupt stops the devnet as Ctrl-C would and checks it says so and
// exits 0.
func (r *devnetRun) interrupt(t *testing.T) {
	t.Helper()
	if err := r.cmd.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	var last devnetEvent
	for e := range r.events {
		last = e
	}
	if err := r.cmd.Wait(); err != nil {
		t.Fatalf("devnet exit after SIGINT: %v\nstderr:\n%s", err, r.stderr)
	}
	if last.Event != "stopping" {
		t.Errorf("last event %+v, want stopping", last)
	}
}

// TestDevnet runs `make run`'s command as a person would: it creates the
// devnet, anchors, pays and verifies the sample invoice offline, serves the
// HTTP API, stops on Ctrl-C, and on a second start resumes the same chain
// without repeating the transactions.
func TestDevnet(t *testing.T) {
	bin := buildBinary(t)
	home := filepath.Join(t.TempDir(), "devnet")
	ports, err := localnet.FreePorts(3)
	if err != nil {
		t.Fatal(err)
	}

	run, events := startDevnet(t, bin, home, ports)
	kinds := []string{}
	for _, e := range events {
		kinds = append(kinds, e.Event)
	}
	want := "created running demo demo demo demo demo demo demo ready"
	if got := strings.Join(kinds, " "); got != want {
		t.Fatalf("events %q, want %q", got, want)
	}
	all := func(e devnetEvent) string { return strings.Join(e.Lines, "\n") }
	for _, check := range []struct {
		step int
		want string
	}{
		{2, "admitted "},
		{3, "attested at height"},
		{4, "anchored "},
		{5, "recorded at height"},
		{6, "in SG: recognised"},
		{6, "in HK: recognised"},
		{7, "VALID: every check passed"},
		{8, "✓ field root anchored"},
		{8, "VALID: every check passed"},
	} {
		if !strings.Contains(all(events[check.step]), check.want) {
			t.Errorf("step %q: no %q in\n%s", events[check.step].Step, check.want, all(events[check.step]))
		}
	}
	if rpc := events[len(events)-1].RPC; rpc != fmt.Sprintf("tcp://127.0.0.1:%d", ports[1]) {
		t.Errorf("ready: rpc %q", rpc)
	}
	api := events[len(events)-1].API
	resp, err := http.Get(api + "/v1/status")
	if err != nil {
		t.Fatalf("HTTP API at %q: %v", api, err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("GET %s/v1/status: %s", api, resp.Status)
	}
	// The certificate the demo wrote verifies offline with the CLI.
	cert := filepath.Join(home, "invoice-certificate.json")
	out, err := exec.Command(bin, "verify", "--certificate", cert, "--trust", filepath.Join(home, "config", "genesis.json"), "-o", "json").Output()
	if err != nil {
		t.Fatalf("verify --certificate: %v\n%s", err, out)
	}
	var v struct {
		Valid bool `json:"valid"`
	}
	if err := json.Unmarshal(out, &v); err != nil || !v.Valid {
		t.Errorf("verify --certificate: %v\n%s", err, out)
	}
	// So does the disclosure, with only its two fields.
	out, err = exec.Command(bin, "verify", "--disclosure", filepath.Join(home, "invoice-disclosure.json"), "--trust",
		filepath.Join(home, "config", "genesis.json"), "--jurisdiction", "SG", "-o", "json").Output()
	var dv struct {
		Valid     bool              `json:"valid"`
		Disclosed []json.RawMessage `json:"disclosed"`
	}
	if err != nil || json.Unmarshal(out, &dv) != nil || !dv.Valid || len(dv.Disclosed) != 2 {
		t.Errorf("verify --disclosure: %v\n%s", err, out)
	}
	run.interrupt(t)

	// Resume without any address flag: the same chain on the same
	// addresses (the devnet remembers them), and every step finds its work
	// done.
	run, events = startDevnet(t, bin, home, nil)
	if events[0].Event != "resumed" {
		t.Errorf("first event on restart %+v, want resumed", events[0])
	}
	if ready := events[len(events)-1]; ready.RPC != fmt.Sprintf("tcp://127.0.0.1:%d", ports[1]) || ready.API != api {
		t.Errorf("resumed devnet on rpc %q api %q, want the first run's %q %q", ready.RPC, ready.API, fmt.Sprintf("tcp://127.0.0.1:%d", ports[1]), api)
	}
	for _, e := range events {
		if e.Event == "demo" && e.Step != demoSteps()[4].what && e.Step != demoSteps()[5].what && !strings.Contains(all(e), "already") {
			t.Errorf("resumed step %q did its work again:\n%s", e.Step, all(e))
		}
	}
	run.interrupt(t)
	if _, err := os.Stat(filepath.Join(home, "node.log")); err != nil {
		t.Error(err)
	}
}
