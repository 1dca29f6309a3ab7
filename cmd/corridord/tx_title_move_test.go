package main

import (
	"crypto/sha256"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/corridor-trade/corridor/client"
	"github.com/corridor-trade/corridor/crypto/secp"
	"github.com/corridor-trade/corridor/internal/keyring"
	"github.com/corridor-trade/corridor/internal/localnet"
	"github.com/corridor-trade/corridor/x/kit"
	"github.com/corridor-trade/corridor/x/title"
)

// TestTitleMoveCLI moves an eBL from one single-validator chain to another
// and back with the commands alone: each operator registers the other
// chain (tx docking register-cometbft), the holder sends the record away
// (tx title send-away), a member carries the lock (tx title receive), the
// mirror's holder sends it home (tx title send-home) and a member carries
// the return (tx title unlock); query title shows each side. Then the
// record is sent away again with a timeout that the counterparty passes
// unreceived: the late receive is refused, tx title cancel-away brings it
// back with the counterparty's proof that it holds no receipt of the lock,
// and a second cancel is refused.
func TestTitleMoveCLI(t *testing.T) {
	sw := localnet.Start(t, localnet.Options{ChainID: "sw-cn-1", Validators: 1})
	co := localnet.Start(t, localnet.Options{ChainID: "corridor-1", Validators: 1})
	sw.WaitForHeight(2, time.Minute)
	co.WaitForHeight(2, time.Minute)
	swNode, coNode := sw.Nodes[0].RPC, co.Nodes[0].RPC

	home := t.TempDir()
	kr, err := keyring.Open(keyring.BackendTest, filepath.Join(home, "keyring"), nil)
	if err != nil {
		t.Fatal(err)
	}
	for name, k := range map[string]*secp.PrivKey{"sw-operator": sw.Keys["sh-operator"], "sw-holder": sw.Keys["sg-trader"],
		"sw-relayer": sw.Keys["sh-bank"], "co-operator": co.Keys["sg-operator"], "co-holder": co.Keys["hk-trader"], "co-relayer": co.Keys["hk-bank"]} {
		if _, err := kr.Import(name, k.Bytes()); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := kr.Import("sw-bank", sw.Keys["sh-bank"].Bytes()); err != nil {
		t.Fatal(err)
	}
	t.Setenv("CORRIDORD_KEYRING_BACKEND", "test")
	mustCLI(t, home, "tx", "docking", "register-cometbft", "--counterparty-node", swNode, "--node", coNode, "--from", "co-operator")
	mustCLI(t, home, "tx", "docking", "register-cometbft", "--counterparty-node", coNode, "--node", swNode, "--from", "sw-operator")

	doc := kit.Hash(sha256.Sum256([]byte("eBL CLI-0001")))
	holder := sw.Keys["sg-trader"].PubKey().Address()
	mustSubmit(t, sw.Client(0), sw.Keys["sh-trader"], &title.MsgIssue{Kind: title.KindEBL, DocHash: doc, Owner: holder, Holder: holder})
	id := title.RecordID(sw.Keys["sh-trader"].PubKey().Address(), doc).String()

	query := func(node string) title.View {
		out, _ := mustCLI(t, home, "query", "title", id, "--node", node, "-o", "json")
		return decodeJSON[title.View](t, out)
	}
	coHolder := co.Keys["hk-trader"].PubKey().Address()
	mustCLI(t, home, "tx", "title", "send-away", id, "--to-chain", "corridor-1", "--recipient", coHolder.String(), "--node", swNode, "--from", "sw-holder")
	if v := query(swNode); v.State != title.StateAway || v.Move == nil || v.Move.Chain != "corridor-1" {
		t.Fatalf("origin after send-away: %+v %+v", v.Record, v.Move)
	}
	mustCLI(t, home, "tx", "title", "receive", id, "--origin-node", swNode, "--node", coNode, "--from", "co-relayer")
	if v := query(coNode); v.State != title.StateActive || !v.IsMirror() || v.Holder != coHolder {
		t.Fatalf("mirror: %+v %+v", v.Record, v.Move)
	}
	// A second receive of the same lock is refused with its code.
	if out, _, err := runCLI(t, home, "tx", "title", "receive", id, "--origin-node", swNode, "--node", coNode, "--from", "co-relayer"); err == nil ||
		!strings.Contains(out, "already_received") {
		t.Fatalf("second receive: %v\n%s", err, out)
	}
	text, _ := mustCLI(t, home, "query", "title", id, "--node", coNode)
	if !strings.Contains(text, "of a record of sw-cn-1 (move 1)") {
		t.Errorf("query title text does not show the mirror:\n%s", text)
	}

	swRecipient := sw.Keys["sh-bank"].PubKey().Address()
	mustCLI(t, home, "tx", "title", "send-home", id, "--recipient", swRecipient.String(), "--node", coNode, "--from", "co-holder")
	if v := query(coNode); v.State != title.StateReturned {
		t.Fatalf("mirror after send-home: %s", v.State)
	}
	mustCLI(t, home, "tx", "title", "unlock", id, "--counterparty-node", coNode, "--node", swNode, "--from", "sw-relayer")
	if v := query(swNode); v.State != title.StateActive || v.Holder != swRecipient || v.Owner != swRecipient {
		t.Fatalf("origin after unlock: %+v", v.Record)
	}
	// Nothing is away any more: unlock has nothing to carry.
	if _, _, err := runCLI(t, home, "tx", "title", "unlock", id, "--counterparty-node", coNode, "--node", swNode, "--from", "sw-relayer"); err == nil ||
		!strings.Contains(err.Error(), "not away") {
		t.Fatalf("second unlock: %v", err)
	}

	// A send-away with a timeout that corridor-1 passes before anyone
	// carries the lock.
	st, err := co.Client(0).RPC.Status(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	timeout := st.SyncInfo.LatestBlockHeight + 3
	mustCLI(t, home, "tx", "title", "send-away", id, "--to-chain", "corridor-1", "--recipient", coHolder.String(),
		"--timeout-height", strconv.FormatInt(timeout, 10), "--node", swNode, "--from", "sw-bank")
	if v := query(swNode); v.State != title.StateAway || v.Move.Seq != 2 || v.Move.Timeout != timeout {
		t.Fatalf("origin after the send-away with a timeout: %+v %+v", v.Record, v.Move)
	}
	co.WaitForHeight(timeout, time.Minute)
	if out, _, err := runCLI(t, home, "tx", "title", "receive", id, "--origin-node", swNode, "--node", coNode, "--from", "co-relayer"); err == nil ||
		!strings.Contains(out, "timeout_passed") {
		t.Fatalf("late receive: %v\n%s", err, out)
	}
	out, _ := mustCLI(t, home, "tx", "title", "cancel-away", id, "--counterparty-node", coNode, "--node", swNode, "--from", "sw-relayer", "--output", "json")
	if res := decodeJSON[client.Result](t, out); res.Code != 0 || !res.Committed {
		t.Fatalf("cancel-away: %+v", res)
	}
	if v := query(swNode); v.State != title.StateActive || v.Holder != swRecipient || v.Owner != swRecipient || v.Move.Timeout != 0 ||
		v.History[len(v.History)-1].Step != title.StepCancelAway {
		t.Fatalf("origin after cancel-away: %+v %+v", v.Record, v.Move)
	}
	if v := query(coNode); v.State != title.StateReturned || v.Move.Seq != 1 {
		t.Fatalf("the counterparty's mirror moved: %+v %+v", v.Record, v.Move)
	}
	out, _, err = runCLI(t, home, "tx", "title", "cancel-away", id, "--counterparty-node", coNode, "--node", swNode, "--from", "sw-relayer", "-o", "json")
	if res := decodeJSON[client.Result](t, out); err == nil || res.Error != "title/not_away" {
		t.Fatalf("second cancel-away: %v %+v", err, res)
	}
}
