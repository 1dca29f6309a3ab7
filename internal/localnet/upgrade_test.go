package localnet_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/corridor-trade/corridor/internal/localnet"
	"github.com/corridor-trade/corridor/x/gov"
	"github.com/corridor-trade/corridor/x/kit"
	"github.com/corridor-trade/corridor/x/kit/paths"
	"github.com/corridor-trade/corridor/x/membership"
)

// TestScheduledUpgrade: every node stops at the upgrade's height and
// writes upgrade-info.json in cosmovisor's form; restarted with the
// upgrade's handler registered, they continue from it with the same app
// hash on every node.
func TestScheduledUpgrade(t *testing.T) {
	if testing.Short() {
		t.Skip("network test")
	}
	// An upgrade this binary does not know until the test registers it,
	// standing in for the next binary; a new name on every run, since a
	// name is registered once per process.
	testUpgrade := fmt.Sprintf("localnet-test-v3-%d", time.Now().UnixNano())
	net := localnet.Start(t, localnet.Options{})
	net.WaitForHeight(2, 2*time.Minute)
	st, err := net.Client(0).RPC.Status(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	at := st.SyncInfo.LatestBlockHeight + 15
	submit(t, net, net.Keys["sh-operator"], &gov.MsgPropose{Kind: gov.KindUpgradeSchedule,
		Change: gov.Change{Name: testUpgrade, Height: at, Info: `{"binaries":{}}`}}, nil)
	id := lastProposal(t, net).ID
	submit(t, net, net.Keys["sg-operator"], &gov.MsgApprove{ID: id}, nil)
	submit(t, net, net.Keys["hk-operator"], &gov.MsgApprove{ID: id}, nil)
	waitStatus(t, net, id, gov.StatusExecuted, time.Minute)

	// Every node stops at the height and says so in upgrade-info.json.
	deadline := time.Now().Add(4 * time.Minute)
	for i, nd := range net.Nodes {
		file := filepath.Join(nd.Home, "data", "upgrade-info.json")
		for {
			b, err := os.ReadFile(file)
			if err == nil {
				var info struct {
					Name   string `json:"name"`
					Height int64  `json:"height"`
					Info   string `json:"info"`
				}
				if err := json.Unmarshal(b, &info); err != nil || info.Name != testUpgrade || info.Height != at {
					t.Fatalf("%s: upgrade-info.json %s (%v)", nd.Name, b, err)
				}
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("%s wrote no upgrade-info.json by the deadline", nd.Name)
			}
			time.Sleep(500 * time.Millisecond)
		}
		info, err := net.Client(i).RPC.ABCIInfo(context.Background())
		if err != nil || info.Response.LastBlockHeight != at-1 {
			t.Fatalf("%s: the application committed %v (%v), want height %d (the one before the upgrade)", nd.Name, info, err, at-1)
		}
	}
	net.Stop()

	// The next binary knows the upgrade: a parameter migration.
	if err := gov.RegisterUpgrade(testUpgrade, func(ctx *kit.Context) error {
		p := membership.GetParams(ctx.KV)
		p.PendingQuota = 777
		membership.SetParams(ctx.KV, p)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	for i := range net.Nodes {
		if err := net.StartNode(i); err != nil {
			t.Fatal(err)
		}
	}
	net.WaitForHeight(at+3, 3*time.Minute)
	sameAppHashes(t, net, at+3)
	var p membership.Params
	if err := net.Client(2).Query(context.Background(), paths.Params(), &p); err != nil || p.PendingQuota != 777 {
		t.Fatalf("after the upgrade: params %+v (%v), want the migrated pending quota 777", p, err)
	}
	var s gov.Settings
	if err := net.Client(1).Query(context.Background(), paths.Gov(), &s); err != nil || s.Upgrade != nil {
		t.Fatalf("after the upgrade the plan must be cleared: %+v (%v)", s.Upgrade, err)
	}
}
