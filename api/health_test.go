package api_test

import (
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/cometbft/cometbft/rpc/client/local"
	"github.com/corridor-trade/corridor/api"
	"github.com/corridor-trade/corridor/config"
	"github.com/corridor-trade/corridor/internal/localnet"
	"github.com/corridor-trade/corridor/internal/node"
)

// TestReadyOnRunningNode checks /v1/health and /v1/ready on a node that
// makes blocks: both 200, ready with the node's height.
func TestReadyOnRunningNode(t *testing.T) {
	h := startHarness(t)
	r := h.do(t, "GET", "/v1/health", "", nil)
	var hl api.Health
	r.decode(t, &hl)
	if r.Status != 200 || hl.Status != "ok" {
		t.Fatalf("health: %d %s", r.Status, r.Body)
	}
	r = h.do(t, "GET", "/v1/ready", "", nil)
	var rd api.Readiness
	r.decode(t, &rd)
	if r.Status != 200 || !rd.Ready || rd.CatchingUp || rd.Height < 1 || rd.Reason != "" {
		t.Fatalf("ready: %d %s", r.Status, r.Body)
	}
}

// TestNotReadyWithoutBlocks starts one validator of three (one per city): it can never
// reach two thirds of the power, so /v1/ready answers 503 with a reason
// (first while it block-syncs, then because no block exists), and
// /v1/health still answers 200.
func TestNotReadyWithoutBlocks(t *testing.T) {
	if testing.Short() {
		t.Skip("network test")
	}
	res, _, err := localnet.Generate(t.TempDir(), localnet.Options{Validators: 3})
	if err != nil {
		t.Fatal(err)
	}
	cfg := config.Default()
	cfg.Log.Level = "error"
	n, err := node.New(res.Homes[0], cfg, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if err := n.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { n.Stop() })
	run, err := api.Start("127.0.0.1:0", api.New(local.New(n.CMT), api.Options{}))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { run.Stop(5 * time.Second) })
	base := "http://" + run.Addr
	_, router := loadSpec(t, base)
	c := &http.Client{Timeout: time.Minute}
	// Long enough for block sync to give up waiting for peers and hand
	// over to consensus, which then waits for the missing half.
	for _, wait := range []time.Duration{0, 8 * time.Second} {
		time.Sleep(wait)
		r := doChecked(t, c, router, base, "GET", "/v1/ready", "", nil)
		var rd api.Readiness
		r.decode(t, &rd)
		if r.Status != 503 || rd.Ready || rd.Height != 0 || rd.Reason == "" {
			t.Fatalf("after %v: %d %s", wait, r.Status, r.Body)
		}
		t.Logf("after %v: %s", wait, r.Body)
	}
	if r := doChecked(t, c, router, base, "GET", "/v1/health", "", nil); r.Status != 200 {
		t.Fatalf("health: %d %s", r.Status, r.Body)
	}
}
