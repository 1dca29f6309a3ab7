package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	cmttypes "github.com/cometbft/cometbft/types"
	"github.com/corridor-trade/corridor/internal/keyring"
	"github.com/corridor-trade/corridor/internal/node"
)

func TestTestnetInitFilesDefault(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "net")
	out, _ := mustCLI(t, t.TempDir(), "testnet", "init-files", "--output-dir", dir, "-o", "json")
	res := decodeJSON[TestnetResult](t, out)
	want := []struct{ name, jur string }{{"shanghai", "CN-SH"}, {"singapore", "SG"}, {"hongkong", "HK"}, {"lingang", "CN-SH"}}
	if len(res.Validators) != len(want) {
		t.Fatalf("validators = %d, want 4", len(res.Validators))
	}
	gen0, err := os.ReadFile(res.Genesis)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := cmttypes.GenesisDocFromJSON(gen0)
	if err != nil {
		t.Fatal(err)
	}
	if len(doc.Validators) != 4 || doc.ChainID != TestnetChainID {
		t.Fatalf("genesis has %d validators, chain %q", len(doc.Validators), doc.ChainID)
	}
	for i, v := range res.Validators {
		if v.Name != want[i].name || v.Jurisdiction != want[i].jur || v.Power != 10 {
			t.Errorf("validator %d = %s/%s/%d, want %s/%s/10", i, v.Name, v.Jurisdiction, v.Power, want[i].name, want[i].jur)
		}
		g, err := os.ReadFile(filepath.Join(v.Home, "config", "genesis.json"))
		if err != nil || string(g) != string(gen0) {
			t.Errorf("%s: genesis differs from the first home's (%v)", v.Name, err)
		}
		conf, err := node.LoadCometConfig(v.Home)
		if err != nil {
			t.Fatal(err)
		}
		// Every other validator, and only those, is a persistent peer.
		for j, o := range res.Validators {
			has := strings.Contains(conf.P2P.PersistentPeers, o.NodeID+"@"+o.P2P)
			if has != (i != j) {
				t.Errorf("%s: persistent_peers %q and %s: got %v", v.Name, conf.P2P.PersistentPeers, o.Name, has)
			}
		}
		// Processes on one host: ports stepped by 10.
		if wantRPC := "tcp://127.0.0.1:" + []string{"26657", "26667", "26677", "26687"}[i]; v.RPC != wantRPC || conf.RPC.ListenAddress != wantRPC {
			t.Errorf("%s: rpc %s / laddr %s, want %s", v.Name, v.RPC, conf.RPC.ListenAddress, wantRPC)
		}
		kr, err := keyring.Open(keyring.BackendTest, filepath.Join(v.Home, "keyring"), nil)
		if err != nil {
			t.Fatal(err)
		}
		infos, err := kr.List()
		if err != nil {
			t.Fatal(err)
		}
		prefix := map[string]string{"CN-SH": "sh-", "SG": "sg-", "HK": "hk-"}[v.Jurisdiction]
		if len(infos) != 5 {
			t.Errorf("%s: keyring holds %d keys, want 5", v.Name, len(infos))
		}
		for _, in := range infos {
			if !strings.HasPrefix(in.Name, prefix) {
				t.Errorf("%s: keyring holds %s of another jurisdiction", v.Name, in.Name)
			}
		}
	}
	if len(res.Members) != 15 {
		t.Errorf("members = %d, want 15 (5 roles x 3 jurisdictions)", len(res.Members))
	}
	// A second run refuses to overwrite without --overwrite.
	if _, _, err := runCLI(t, t.TempDir(), "testnet", "init-files", "--output-dir", dir); err == nil || !strings.Contains(err.Error(), "--overwrite") {
		t.Fatalf("second run: err = %v, want a refusal naming --overwrite", err)
	}
	mustCLI(t, t.TempDir(), "testnet", "init-files", "--output-dir", dir, "--overwrite")
}

func TestTestnetInitFilesCitiesAndHosts(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "net")
	out, _ := mustCLI(t, t.TempDir(), "testnet", "init-files", "--output-dir", dir, "-o", "json",
		"--cities", "shanghai:CN-SH,singapore:sg,hongkong:HK", "--starting-ip", "192.168.77.10", "--listen-all",
		"--timeout-commit", "300ms")
	res := decodeJSON[TestnetResult](t, out)
	if len(res.Validators) != 3 {
		t.Fatalf("validators = %d, want 3 (one per city)", len(res.Validators))
	}
	for i, v := range res.Validators {
		ip := "192.168.77.1" + string(rune('0'+i))
		if v.P2P != ip+":26656" || v.RPC != "tcp://"+ip+":26657" {
			t.Errorf("%s: p2p %s rpc %s, want %s with the default ports", v.Name, v.P2P, v.RPC, ip)
		}
		conf, err := node.LoadCometConfig(v.Home)
		if err != nil {
			t.Fatal(err)
		}
		if conf.RPC.ListenAddress != "tcp://0.0.0.0:26657" || conf.P2P.ExternalAddress != ip+":26656" {
			t.Errorf("%s: laddr %s external %s", v.Name, conf.RPC.ListenAddress, conf.P2P.ExternalAddress)
		}
		if conf.Consensus.TimeoutCommit.String() != "300ms" {
			t.Errorf("%s: timeout_commit %s", v.Name, conf.Consensus.TimeoutCommit)
		}
	}
	if res.Validators[1].Jurisdiction != "SG" {
		t.Errorf("jurisdiction codes are upper-cased: got %s", res.Validators[1].Jurisdiction)
	}
	// Six validators over two cities: names are numbered.
	out, _ = mustCLI(t, t.TempDir(), "testnet", "init-files", "--output-dir", filepath.Join(t.TempDir(), "six"), "-o", "json",
		"--cities", "shanghai:CN-SH,tokyo:JP", "--validators", "5")
	res = decodeJSON[TestnetResult](t, out)
	var names []string
	for _, v := range res.Validators {
		names = append(names, v.Name)
	}
	if got := strings.Join(names, ","); got != "shanghai,tokyo,shanghai2,tokyo2,shanghai3" {
		t.Errorf("names = %s", got)
	}
	for _, bad := range [][]string{
		{"--cities", "shanghai"},
		{"--validators", "0"},
		{"--hosts", "a,b", "--validators", "3"},
		{"--starting-ip", "192.168.77.253"},
		{"--hosts", "127.0.0.1,127.0.0.1,127.0.0.1,127.0.0.1", "--port-step", "0"},
	} {
		args := append([]string{"testnet", "init-files", "--output-dir", filepath.Join(t.TempDir(), "bad")}, bad...)
		if _, _, err := runCLI(t, t.TempDir(), args...); err == nil {
			t.Errorf("%v: accepted", bad)
		}
	}
}
