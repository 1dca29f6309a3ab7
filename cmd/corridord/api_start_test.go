package main

import (
	"bytes"
	"encoding/json"
	"net/http"
	"regexp"
	"testing"
	"time"

	"github.com/corridor-trade/corridor/config"
	"github.com/corridor-trade/corridor/internal/localnet"
	"github.com/spf13/cobra"
)

// TestStartAPI starts the API the way corridord start does, on a running
// node, reads the status through it, and stops it; with api.enable false
// nothing listens.
func TestStartAPI(t *testing.T) {
	if testing.Short() {
		t.Skip("network test")
	}
	net := localnet.Start(t, localnet.Options{Validators: 1})
	net.WaitForHeight(1, time.Minute)
	var log bytes.Buffer
	cmd := &cobra.Command{}
	cmd.SetErr(&log)

	cfg := config.Default()
	stop, err := startAPI(cmd, cfg, net.Nodes[0].Node)
	if err != nil || log.Len() != 0 {
		t.Fatalf("disabled API: %v %q", err, log.String())
	}
	stop()

	cfg.API.Enable, cfg.API.Address = true, "127.0.0.1:0"
	stop, err = startAPI(cmd, cfg, net.Nodes[0].Node)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(log.Bytes(), []byte("this node is a validator")) {
		t.Errorf("no warning that the API runs on a validator: %q", log.String())
	}
	m := regexp.MustCompile(`listening on (http://\S+)`).FindStringSubmatch(log.String())
	if m == nil {
		stop()
		t.Fatalf("no address in %q", log.String())
	}
	resp, err := http.Get(m[1] + "/v1/status")
	if err != nil {
		stop()
		t.Fatal(err)
	}
	var st struct {
		ChainID string `json:"chain_id"`
		Height  int64  `json:"latest_block_height"`
	}
	err = json.NewDecoder(resp.Body).Decode(&st)
	resp.Body.Close()
	if err != nil || st.ChainID != net.ChainID || st.Height < 1 {
		stop()
		t.Fatalf("status %+v: %v", st, err)
	}
	stop()
	if _, err := http.Get(m[1] + "/v1/status"); err == nil {
		t.Fatal("the API still answers after stop")
	}
}
