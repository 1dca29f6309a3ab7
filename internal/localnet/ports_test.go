package localnet_test

import (
	"fmt"
	"net"
	"testing"

	"github.com/corridor-trade/corridor/internal/localnet"
)

// TestPortTakenIsRecognised takes each port of a generated node before it
// starts: the node does not start, and Start's retry recognises the error
// as a lost port (CometBFT's RPC server reports it as text only).
func TestPortTakenIsRecognised(t *testing.T) {
	if testing.Short() {
		t.Skip("network test")
	}
	for _, which := range []string{"p2p", "rpc"} {
		t.Run(which, func(t *testing.T) {
			dir := t.TempDir()
			res, vals, err := localnet.Generate(dir, localnet.Options{Validators: 1})
			if err != nil {
				t.Fatal(err)
			}
			port := vals[0].P2PPort
			if which == "rpc" {
				port = vals[0].RPCPort
			}
			l, err := net.Listen("tcp", fmt.Sprintf("127.0.0.1:%d", port))
			if err != nil {
				t.Skipf("the port was taken before the test could take it: %v", err)
			}
			defer l.Close()
			n := &localnet.Network{T: t, ChainID: res.Genesis.ChainID, Dir: dir, Keys: res.Keys, Gen: res,
				Nodes: []*localnet.Node{{Name: vals[0].Name, Home: res.Homes[0], RPC: fmt.Sprintf("tcp://127.0.0.1:%d", vals[0].RPCPort)}}}
			defer n.Stop()
			err = n.StartNode(0)
			if !localnet.PortTaken(err) {
				t.Fatalf("start with the %s port taken: %v; want an error PortTaken recognises", which, err)
			}
			t.Logf("%s: %v", which, err)
		})
	}
	if localnet.PortTaken(fmt.Errorf("some other failure")) {
		t.Fatal("PortTaken recognises an unrelated error")
	}
}
