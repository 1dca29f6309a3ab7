package client_test

import (
	"context"
	"encoding/hex"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	cmtcfg "github.com/cometbft/cometbft/config"
	"github.com/cometbft/cometbft/rpc/client/local"
	coretypes "github.com/cometbft/cometbft/rpc/core/types"
	rpctypes "github.com/cometbft/cometbft/rpc/jsonrpc/types"
	cmttypes "github.com/cometbft/cometbft/types"

	"github.com/corridor-trade/corridor/client"
	"github.com/corridor-trade/corridor/codes"
	"github.com/corridor-trade/corridor/crypto/secp"
	"github.com/corridor-trade/corridor/internal/localnet"
	"github.com/corridor-trade/corridor/tx"
	"github.com/corridor-trade/corridor/x/kit"
	"github.com/corridor-trade/corridor/x/membership"
)

// childEnv carries a childSpec to the sender process TestOutboxChild runs.
const childEnv = "CORRIDOR_OUTBOX_CHILD"

// childSpec tells the sender process what to send and where to die.
type childSpec struct {
	Node    string `json:"node"`
	Key     string `json:"key"` // hex private key of the signer
	Journal string `json:"journal"`
	Admit   string `json:"admit"` // hex public key to admit
	KillAt  string `json:"kill_at"`
}

// TestOutboxChild is the sender process of TestOutboxCrash: it sends one
// admission through an outbox and SIGKILLs itself at the named point. It
// does nothing unless run by that test.
func TestOutboxChild(t *testing.T) {
	raw := os.Getenv(childEnv)
	if raw == "" {
		t.Skip("the sender process of TestOutboxCrash")
	}
	var s childSpec
	if err := json.Unmarshal([]byte(raw), &s); err != nil {
		t.Fatal(err)
	}
	c, err := client.New(s.Node)
	if err != nil {
		t.Fatal(err)
	}
	kb, _ := hex.DecodeString(s.Key)
	key, err := secp.PrivKeyFromBytes(kb)
	if err != nil {
		t.Fatal(err)
	}
	pub, err := secp.ParsePubKeyHex(s.Admit)
	if err != nil {
		t.Fatal(err)
	}
	j, err := client.OpenJournal(s.Journal)
	if err != nil {
		t.Fatal(err)
	}
	o := client.NewOutbox(c, key, j, client.OutboxOptions{Wait: 2 * time.Minute, Hook: func(p client.Point, _ client.Intent) error {
		if string(p) == s.KillAt {
			syscall.Kill(os.Getpid(), syscall.SIGKILL)
			select {} // the signal is on its way
		}
		return nil
	}})
	out, err := o.Send(context.Background(), admitRequest(pub))
	t.Fatalf("the sender was not killed at %s: %+v %v", s.KillAt, out, err)
}

func admitRequest(pub secp.PubKey) client.Request {
	return client.Request{Label: "admit/" + pub.String(), Msgs: []kit.Msg{&membership.MsgAdmit{PubKey: pub, Roles: []string{"trader"}}}}
}

// admitted is the outbox's effect check for admissions: the member exists.
func admitted(c *client.Client) func(context.Context, client.Intent) (int64, bool, error) {
	return func(ctx context.Context, in client.Intent) (int64, bool, error) {
		var m membership.Member
		err := c.Query(ctx, "/member-by-key/"+strings.TrimPrefix(in.Label, "admit/"), &m)
		if errors.Is(err, codes.QueryNotFound) {
			return 0, false, nil
		}
		if err != nil || len(m.History) == 0 {
			return 0, false, err
		}
		return m.History[0].At.Height, true, nil
	}
}

// runChild runs the sender process and checks that it died by SIGKILL.
func runChild(t *testing.T, s childSpec) {
	t.Helper()
	b, _ := json.Marshal(s)
	cmd := exec.Command(os.Args[0], "-test.run=^TestOutboxChild$", "-test.count=1")
	cmd.Env = append(os.Environ(), childEnv+"="+string(b))
	out, err := cmd.CombinedOutput()
	var ee *exec.ExitError
	if !errors.As(err, &ee) {
		t.Fatalf("sender process: %v\n%s", err, out)
	}
	if ws, ok := ee.Sys().(syscall.WaitStatus); !ok || !ws.Signaled() || ws.Signal() != syscall.SIGKILL {
		t.Fatalf("sender process did not die by SIGKILL at %s: %v\n%s", s.KillAt, err, out)
	}
}

// TestOutboxCrash kills a real sender process (SIGKILL) at each point of a
// send: after the journal write and before the broadcast, after the
// broadcast and before the commit, after the commit and before the outcome
// is written. A new outbox over the same journal file then settles the
// intent: it commits exactly once (the signer's sequence moved by one, the
// transaction is in the index under the journaled hash, the member is
// admitted), and nothing is lost or sent twice.
func TestOutboxCrash(t *testing.T) {
	if testing.Short() {
		t.Skip("network test")
	}
	net := localnet.Start(t, localnet.Options{Validators: 1})
	net.WaitForHeight(1, time.Minute)
	ctx := context.Background()
	c := net.Client(0)
	op := net.Keys["sg-operator"]
	for _, point := range []client.Point{client.PointIntent, client.PointBroadcast, client.PointCommitted} {
		t.Run(string(point), func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "outbox.jsonl")
			newKey, _ := secp.GenPrivKey()
			_, seq0, err := c.Sequence(ctx, op.PubKey())
			if err != nil {
				t.Fatal(err)
			}
			runChild(t, childSpec{Node: net.Nodes[0].RPC, Key: hex.EncodeToString(op.Bytes()), Journal: path,
				Admit: newKey.PubKey().String(), KillAt: string(point)})

			j, err := client.OpenJournal(path) // the kernel dropped the dead process's lock
			if err != nil {
				t.Fatal(err)
			}
			defer j.Close()
			open := j.Open()
			if len(open) != 1 || open[0].Sequence != seq0 || open[0].Signer != op.PubKey().Address().String() {
				t.Fatalf("open intents after the crash: %+v (sequence before: %d)", open, seq0)
			}
			o := client.NewOutbox(c, op, j, client.OutboxOptions{Effect: admitted(c), Log: testLog{t}})
			outs, err := o.Settle(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if len(outs) != 1 || outs[0].Status != client.Committed || outs[0].Hash != open[0].Hash || outs[0].Height == 0 {
				t.Fatalf("settled: %+v", outs)
			}
			t.Logf("crash at %s: %s", point, outs[0].How)
			if len(j.Open()) != 0 {
				t.Fatalf("still open: %+v", j.Open())
			}
			// Exactly once: the sequence moved by one, and the one
			// transaction that moved it is the journaled one.
			_, seq1, err := c.Sequence(ctx, op.PubKey())
			if err != nil {
				t.Fatal(err)
			}
			if seq1 != seq0+1 {
				t.Errorf("sequence moved from %d to %d for one intent", seq0, seq1)
			}
			hb, _ := hex.DecodeString(open[0].Hash)
			if r, err := c.RPC.Tx(ctx, hb, false); err != nil || r.Height != outs[0].Height || r.TxResult.Code != 0 {
				t.Errorf("the journaled hash in the tx index: %+v %v", r, err)
			}
			if _, found, err := admitted(c)(ctx, open[0]); err != nil || !found {
				t.Errorf("member not admitted: %v", err)
			}
			// Settling again, or reopening, changes nothing.
			if outs, err := o.Settle(ctx); err != nil || len(outs) != 0 {
				t.Errorf("second settle: %+v %v", outs, err)
			}
		})
	}
}

// TestOutboxSendSettlesFirst: a sender killed between the journal write
// and the broadcast, restarted, simply sends the next transaction: the
// open intent is settled (rebroadcast) first, in sequence order, and both
// commit once each.
func TestOutboxSendSettlesFirst(t *testing.T) {
	if testing.Short() {
		t.Skip("network test")
	}
	net := localnet.Start(t, localnet.Options{Validators: 1})
	net.WaitForHeight(1, time.Minute)
	ctx := context.Background()
	c := net.Client(0)
	op := net.Keys["sg-operator"]
	path := filepath.Join(t.TempDir(), "outbox.jsonl")
	_, seq0, err := c.Sequence(ctx, op.PubKey())
	if err != nil {
		t.Fatal(err)
	}
	first, second := mustKey(t), mustKey(t)
	runChild(t, childSpec{Node: net.Nodes[0].RPC, Key: hex.EncodeToString(op.Bytes()), Journal: path,
		Admit: first.PubKey().String(), KillAt: string(client.PointIntent)})
	j, err := client.OpenJournal(path)
	if err != nil {
		t.Fatal(err)
	}
	defer j.Close()
	out, err := client.NewOutbox(c, op, j, client.OutboxOptions{Log: testLog{t}}).Send(ctx, admitRequest(second.PubKey()))
	if err != nil || !out.OK() {
		t.Fatalf("second send: %+v %v", out, err)
	}
	ins := j.Intents()
	if len(ins) != 2 || len(j.Open()) != 0 || ins[0].Sequence != seq0 || ins[1].Sequence != seq0+1 {
		t.Fatalf("intents: %+v, open %d", ins, len(j.Open()))
	}
	for _, in := range ins {
		if o, _ := j.Outcome(in.Hash); o.Status != client.Committed {
			t.Errorf("%s: %+v", in.Label, o)
		}
		if _, found, err := admitted(c)(ctx, in); err != nil || !found {
			t.Errorf("%s not admitted: %v", in.Label, err)
		}
	}
	if _, seq1, _ := c.Sequence(ctx, op.PubKey()); seq1 != seq0+2 {
		t.Errorf("sequence moved from %d to %d for two intents", seq0, seq1)
	}
}

// TestOutboxOutcomes: a CheckTx refusal is failed with its code (height
// 0), a transaction that executes with a non-zero code is failed with its
// code and height, and a journaled transaction whose sequence another
// transaction took is abandoned. Each outcome survives reopening the
// journal.
func TestOutboxOutcomes(t *testing.T) {
	if testing.Short() {
		t.Skip("network test")
	}
	net := localnet.Start(t, localnet.Options{Validators: 1})
	net.WaitForHeight(1, time.Minute)
	ctx := context.Background()
	c := net.Client(0)
	op, trader := net.Keys["sg-operator"], net.Keys["sg-trader"]
	path := filepath.Join(t.TempDir(), "outbox.jsonl")
	j, err := client.OpenJournal(path)
	if err != nil {
		t.Fatal(err)
	}

	// A trader may not admit members: CheckTx refuses it by code.
	k1, _ := secp.GenPrivKey()
	out, err := client.NewOutbox(c, trader, j, client.OutboxOptions{}).Send(ctx, admitRequest(k1.PubKey()))
	if err != nil {
		t.Fatal(err)
	}
	if out.Status != client.Failed || out.Code != codes.TxWrongRole.Code || out.Codespace != codes.SpaceTx || out.Height != 0 {
		t.Fatalf("CheckTx refusal: %+v", out)
	}
	refused := out.Hash

	// Admitting an existing member's key passes CheckTx and fails in the block.
	o := client.NewOutbox(c, op, j, client.OutboxOptions{})
	out, err = o.Send(ctx, admitRequest(trader.PubKey()))
	if err != nil {
		t.Fatal(err)
	}
	if out.Status != client.Failed || out.Code != codes.MemberExists.Code || out.Height == 0 {
		t.Fatalf("failed in a block: %+v", out)
	}
	inBlock := out.Hash

	// A journaled intent whose sequence went to another transaction.
	_, seq, err := c.Sequence(ctx, op.PubKey())
	if err != nil {
		t.Fatal(err)
	}
	k2, k3 := mustKey(t), mustKey(t)
	stop := errors.New("stopped before the broadcast")
	_, err = client.NewOutbox(c, op, j, client.OutboxOptions{Hook: func(p client.Point, _ client.Intent) error {
		if p == client.PointIntent {
			return stop
		}
		return nil
	}}).Send(ctx, admitRequest(k2.PubKey()))
	if !errors.Is(err, stop) {
		t.Fatalf("send stopped at the intent: %v", err)
	}
	other, err := c.Submit(ctx, op, client.SubmitOptions{Sequence: &seq, Wait: 30 * time.Second},
		&membership.MsgAdmit{PubKey: k3.PubKey(), Roles: []string{"trader"}})
	if err != nil || !other.OK() || !other.Committed {
		t.Fatalf("the other transaction of sequence %d: %+v %v", seq, other, err)
	}
	outs, err := client.NewOutbox(c, op, j, client.OutboxOptions{Effect: admitted(c), Log: testLog{t}}).Settle(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(outs) != 1 || outs[0].Status != client.Abandoned || outs[0].Code != 0 || outs[0].Height != 0 {
		t.Fatalf("abandoned: %+v", outs)
	}
	abandoned := outs[0].Hash
	if _, found, _ := admitted(c)(ctx, client.Intent{Label: "admit/" + k2.PubKey().String()}); found {
		t.Fatal("the abandoned admission took effect")
	}
	if err := j.Close(); err != nil {
		t.Fatal(err)
	}

	j, err = client.OpenJournal(path)
	if err != nil {
		t.Fatal(err)
	}
	defer j.Close()
	for hash, want := range map[string]client.Status{refused: client.Failed, inBlock: client.Failed, abandoned: client.Abandoned} {
		if got, ok := j.Outcome(hash); !ok || got.Status != want {
			t.Errorf("%s after reopening: %+v %v, want %s", hash, got, ok, want)
		}
	}
	if n := len(j.Intents()); n != 3 || len(j.Open()) != 0 {
		t.Errorf("%d intents, %d open", n, len(j.Open()))
	}
}

func mustKey(t *testing.T) *secp.PrivKey {
	k, err := secp.GenPrivKey()
	if err != nil {
		t.Fatal(err)
	}
	return k
}

type testLog struct{ t *testing.T }

func (l testLog) Write(p []byte) (int, error) {
	l.t.Log(strings.TrimRight(string(p), "\n"))
	return len(p), nil
}

// TestInMempoolCache sends the same bytes twice to a real node, over HTTP
// and in process: the second answer is recognised as "already in the
// cache", by the RPC error's data and by errors.Is. Other errors are not.
func TestInMempoolCache(t *testing.T) {
	if client.InMempoolCache(errors.New("tx already exists in cache")) ||
		client.InMempoolCache(&rpctypes.RPCError{Code: -32603, Message: "Internal error", Data: "mempool is full"}) || client.InMempoolCache(nil) {
		t.Fatal("recognised an error that is not the mempool's cache answer")
	}
	if testing.Short() {
		t.Skip("network test")
	}
	net := localnet.Start(t, localnet.Options{Validators: 1})
	net.WaitForHeight(1, time.Minute)
	ctx := context.Background()
	c := net.Client(0)
	op := net.Keys["sg-operator"]
	chainID, _ := c.ChainID(ctx)
	_, seq, err := c.Sequence(ctx, op.PubKey())
	if err != nil {
		t.Fatal(err)
	}
	for i, rpc := range []interface {
		BroadcastTxSync(context.Context, cmttypes.Tx) (*coretypes.ResultBroadcastTx, error)
	}{c.RPC, local.New(net.Nodes[0].CMT)} {
		raw, err := tx.Build(op, chainID, seq+uint64(i), "", &membership.MsgAdmit{PubKey: mustKey(t).PubKey(), Roles: []string{"trader"}})
		if err != nil {
			t.Fatal(err)
		}
		if res, err := rpc.BroadcastTxSync(ctx, raw); err != nil || res.Code != 0 {
			t.Fatalf("first broadcast: %+v %v", res, err)
		}
		_, err = rpc.BroadcastTxSync(ctx, raw)
		if !client.InMempoolCache(err) {
			t.Errorf("client %d: second broadcast of the same bytes: %T %v", i, err, err)
		}
	}
}

// TestOutboxWithoutIndex: on a node that keeps no transaction index the
// outbox learns a commit from its effect check, both while sending and
// when settling an intent a crash left open; without an effect check it
// refuses to guess.
func TestOutboxWithoutIndex(t *testing.T) {
	if testing.Short() {
		t.Skip("network test")
	}
	net := localnet.Start(t, localnet.Options{Validators: 1, Tune: func(c *cmtcfg.Config) { c.TxIndex.Indexer = "null" }})
	net.WaitForHeight(1, time.Minute)
	ctx := context.Background()
	c := net.Client(0)
	op := net.Keys["sg-operator"]
	j, _ := client.OpenJournal("")

	out, err := client.NewOutbox(c, op, j, client.OutboxOptions{Effect: admitted(c)}).Send(ctx, admitRequest(mustKey(t).PubKey()))
	if err != nil || out.Status != client.Committed || out.Height == 0 {
		t.Fatalf("send: %+v %v", out, err)
	}
	// Stopped after the broadcast; the transaction commits meanwhile.
	k := mustKey(t)
	stop := errors.New("stopped after the broadcast")
	_, err = client.NewOutbox(c, op, j, client.OutboxOptions{Hook: func(p client.Point, _ client.Intent) error {
		if p == client.PointBroadcast {
			return stop
		}
		return nil
	}}).Send(ctx, admitRequest(k.PubKey()))
	if !errors.Is(err, stop) {
		t.Fatal(err)
	}
	deadline := time.Now().Add(time.Minute)
	for {
		if _, found, _ := admitted(c)(ctx, client.Intent{Label: "admit/" + k.PubKey().String()}); found {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the broadcast admission did not commit within a minute")
		}
		time.Sleep(200 * time.Millisecond)
	}
	if _, err := client.NewOutbox(c, op, j, client.OutboxOptions{}).Settle(ctx); !errors.Is(err, codes.ClientNotSettled) {
		t.Fatalf("settle without an index or an effect check: %v", err)
	}
	outs, err := client.NewOutbox(c, op, j, client.OutboxOptions{Effect: admitted(c)}).Settle(ctx)
	if err != nil || len(outs) != 1 || outs[0].Status != client.Committed || outs[0].How != "settled: effect found on chain" {
		t.Fatalf("settle by effect: %+v %v", outs, err)
	}
}
