package relayer

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/corridor-trade/corridor/client"
	"github.com/corridor-trade/corridor/crypto/secp"
	"github.com/corridor-trade/corridor/internal/localnet"
	"github.com/corridor-trade/corridor/internal/netgen"
	"github.com/corridor-trade/corridor/proof"
	"github.com/corridor-trade/corridor/proof/fetch"
	"github.com/corridor-trade/corridor/x/docking"
	"github.com/corridor-trade/corridor/x/identity"
	"github.com/corridor-trade/corridor/x/invoice"
	"github.com/corridor-trade/corridor/x/kit"
	"github.com/corridor-trade/corridor/x/recognition"
)

func submit(t *testing.T, c *client.Client, key *secp.PrivKey, msgs ...kit.Msg) *client.Result {
	t.Helper()
	res, err := c.Submit(context.Background(), key, client.SubmitOptions{Wait: 30 * time.Second}, msgs...)
	if err != nil {
		t.Fatal(err)
	}
	if !res.OK() {
		t.Fatalf("%s: %s %s", msgs[0].Type(), res.Error, res.Log)
	}
	return res
}

func anchorMsg(t *testing.T, issuer, buyer secp.Address, number string) *invoice.MsgAnchor {
	fp, err := invoice.Fingerprint(issuer, number)
	if err != nil {
		t.Fatal(err)
	}
	return &invoice.MsgAnchor{DocHash: sha256.Sum256([]byte("invoice " + number)), Profile: invoice.ProfileUBL, Fingerprint: fp,
		BuyerMember: buyer, IssueDate: "2026-11-20", Currency: "CNY", Total: "880"}
}

func recognised(t *testing.T, c *client.Client, doc [32]byte, in string) recognition.Verdict {
	t.Helper()
	var v recognition.Verdict
	if err := c.Query(context.Background(), "/recognition/"+hex.EncodeToString(doc[:])+"/"+in, &v); err != nil {
		t.Fatal(err)
	}
	return v
}

func anchorsOn(t *testing.T, c *client.Client, doc [32]byte) []json.RawMessage {
	t.Helper()
	var out []json.RawMessage
	if err := c.Query(context.Background(), "/docking/anchors/"+hex.EncodeToString(doc[:]), &out); err != nil {
		t.Fatal(err)
	}
	return out
}

// trust has the operator of jurisdiction j on dst register src as a
// cometbft counterparty, and the attester of j attest that operator as a
// legal entity (foreign anchors are attributed to it).
func trust(t *testing.T, src *client.Client, dst *localnet.Network, j string) {
	t.Helper()
	reg, lb, err := RegisterMsg(context.Background(), src, 14*24*time.Hour, 10*time.Second, "test counterparty")
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("registering %s at height %d (header %X)", reg.ChainID, lb.SignedHeader.Height, lb.SignedHeader.Hash())
	short := netgen.ShortName(j)
	submit(t, dst.Client(0), dst.Keys[short+"-operator"], reg)
	submit(t, dst.Client(0), dst.Keys[short+"-attester"], &identity.MsgAttest{
		Subject: identity.AddressSubject(dst.Keys[short+"-operator"].PubKey().Address()), Claim: identity.ClaimLegalEntity,
		Scheme: "uen", CredentialHash: sha256.Sum256([]byte("registry extract of " + j))})
}

// TestTwoChains runs two independent Corridor chains, each with its own
// validators, and relays anchors between them in both directions, then
// kills the relayer mid-run twice and checks that the restarted relayer
// neither duplicates nor skips anything.
func TestTwoChains(t *testing.T) {
	appState := map[string]json.RawMessage{"recognition": netgen.SampleRecognition(netgen.DefaultJurisdictions())}
	sw := localnet.Start(t, localnet.Options{ChainID: "sw-cn-1", Validators: 1, AppState: appState})
	// Three validators, one per city: governance needs a validator in
	// every jurisdiction once there is more than one.
	co := localnet.Start(t, localnet.Options{ChainID: "corridor-1", Validators: 3, AppState: appState})
	sw.WaitForHeight(2, 60*time.Second)
	co.WaitForHeight(2, 60*time.Second)
	swc, coc := sw.Client(0), co.Client(0)
	ctx := context.Background()
	addr := func(n *localnet.Network, name string) secp.Address { return n.Keys[name].PubKey().Address() }

	trust(t, swc, co, "SG") // corridor-1 follows the single window

	shTrader := addr(sw, "sh-trader")
	first := anchorMsg(t, shTrader, addr(sw, "sg-trader"), "SW-0001")
	submit(t, swc, sw.Keys["sh-trader"], first)
	if v := recognised(t, coc, first.DocHash, "SG"); v.Recognized {
		t.Fatalf("recognised on corridor-1 before relaying: %+v", v)
	}

	t.Run("sw-cn-1 to corridor-1", func(t *testing.T) {
		r, err := New(ctx, Config{Src: swc, Dst: coc, Key: co.Keys["sg-bank"], Hashes: [][32]byte{first.DocHash}, Log: testLog{t}})
		if err != nil {
			t.Fatal(err)
		}
		st, err := r.Round(ctx)
		if err != nil || st.Docked != 1 || st.Updates != 1 {
			t.Fatalf("round: %+v %v", st, err)
		}
		v := recognised(t, coc, first.DocHash, "SG")
		if !v.Recognized {
			t.Fatalf("not recognised on corridor-1 after relaying: %+v", v)
		}
		for _, r := range v.Reasons {
			if r.Check == recognition.CheckAnchored && (!strings.Contains(r.Detail, "sw-cn-1") || !strings.Contains(r.Detail, shTrader.String())) {
				t.Errorf("anchored reason lacks the provenance: %s", r.Detail)
			}
		}
		// Customs elsewhere gets the same answer offline: a certificate for
		// the docked document proves its foreign anchor and client, and
		// its verdict names where the record came from.
		cert, err := fetch.BuildCertificate(ctx, coc, first.DocHash)
		if err != nil {
			t.Fatal(err)
		}
		trustRoot, err := proof.GenesisTrust(co.Gen.Genesis)
		if err != nil {
			t.Fatal(err)
		}
		verdict, err := proof.VerifyCertificateWith(cert, trustRoot, proof.Options{Jurisdictions: []string{"SG"}})
		if err != nil {
			t.Fatal(err)
		}
		if failed := verdict.Failed(); len(failed) > 0 {
			t.Fatalf("certificate of the docked document failed: %+v", failed)
		}
		for _, check := range []string{proof.CheckAnchored, proof.CheckRecognized + "/SG", proof.CheckNotRevoked} {
			if l := verdict.Line(check); l == nil || !strings.Contains(l.Detail, "sw-cn-1") {
				t.Errorf("verdict line %s does not name the counterparty: %+v", check, l)
			}
		}
		// A second round has nothing to do; a document the source never
		// anchored waits without costing a client update.
		r.cfg.Hashes = append(r.cfg.Hashes, sha256.Sum256([]byte("never anchored")))
		for i := 0; i < 2; i++ {
			if st, err := r.Round(ctx); err != nil || st.Docked != 0 || st.Held != 1 || st.Updates != 0 || st.Waiting != 1 {
				t.Fatalf("round %d after docking: %+v %v", i+2, st, err)
			}
		}
	})

	t.Run("corridor-1 to sw-cn-1", func(t *testing.T) {
		trust(t, coc, sw, "CN-SH") // the single window follows corridor-1 (two validators)
		hkTrader := addr(co, "hk-trader")
		back := anchorMsg(t, hkTrader, addr(co, "sh-trader"), "HK-0001")
		submit(t, coc, co.Keys["hk-trader"], back)
		r, err := New(ctx, Config{Src: coc, Dst: swc, Key: sw.Keys["sh-bank"], Issuer: hkTrader.String(), Log: testLog{t}})
		if err != nil {
			t.Fatal(err)
		}
		st, err := r.Round(ctx)
		if err != nil || st.Docked != 1 {
			t.Fatalf("round: %+v %v", st, err)
		}
		if v := recognised(t, swc, back.DocHash, "CN-SH"); !v.Recognized {
			t.Fatalf("not recognised on sw-cn-1: %+v", v)
		}
	})

	t.Run("crash and resume", func(t *testing.T) {
		var docs [][32]byte
		var msgs []kit.Msg
		for _, n := range []string{"SW-0002", "SW-0003", "SW-0004", "SW-0005"} {
			m := anchorMsg(t, shTrader, addr(sw, "hk-trader"), n)
			docs, msgs = append(docs, m.DocHash), append(msgs, m)
		}
		submit(t, swc, sw.Keys["sh-trader"], msgs...)
		path := filepath.Join(t.TempDir(), "relay.journal")
		key := co.Keys["sg-customs"]
		_, seq0, err := coc.Sequence(ctx, key.PubKey())
		if err != nil {
			t.Fatal(err)
		}
		run := func(crash func(p client.Point, label string) bool) (Stats, error) {
			j, err := OpenJournal(path)
			if err != nil {
				t.Fatal(err)
			}
			defer j.Close() // the kernel would drop the lock of a killed process
			r, err := New(ctx, Config{Src: swc, Dst: coc, Key: key, Issuer: shTrader.String(), Journal: j, Log: testLog{t}})
			if err != nil {
				t.Fatal(err)
			}
			r.crash = crash
			return r.Round(ctx)
		}
		// crashAt stops the relayer dead the n-th time a dock send reaches point p.
		crashAt := func(p client.Point, n int) func(client.Point, string) bool {
			seen := 0
			return func(at client.Point, label string) bool {
				if at == p && strings.HasPrefix(label, labelDock) {
					seen++
				}
				return seen == n
			}
		}
		// Killed right after broadcasting the second dock, before seeing it commit.
		if _, err := run(crashAt(client.PointBroadcast, 2)); err != errCrash {
			t.Fatalf("first run: %v", err)
		}
		// Killed after a dock committed, before its outcome was journaled.
		if _, err := run(crashAt(client.PointCommitted, 1)); err != errCrash {
			t.Fatalf("second run: %v", err)
		}
		// Killed right after journaling the next dock, before broadcasting it.
		if _, err := run(crashAt(client.PointIntent, 1)); err != errCrash {
			t.Fatalf("third run: %v", err)
		}
		st, err := run(nil)
		if err != nil {
			t.Fatalf("fourth run: %+v %v", st, err)
		}
		j, err := OpenJournal(path)
		if err != nil {
			t.Fatal(err)
		}
		defer j.Close()
		signed := map[string]bool{}
		intentsPer := map[string]int{}
		for _, in := range j.Sends().Intents() {
			signed[in.Hash] = true
			if h, ok := strings.CutPrefix(in.Label, labelDock); ok {
				intentsPer[h]++
			}
			out, ok := j.Sends().Outcome(in.Hash)
			if !ok || out.Status != client.Committed {
				t.Errorf("%s (%s): outcome %+v (settled %v), want committed", in.Hash, in.Label, out, ok)
			}
		}
		for _, d := range docs {
			h := hex.EncodeToString(d[:])
			if got := anchorsOn(t, coc, d); len(got) != 1 {
				t.Errorf("%s: %d foreign anchors on corridor-1, want 1", h, len(got))
			}
			if intentsPer[h] != 1 {
				t.Errorf("%s: signed %d dock transactions, want 1", h, intentsPer[h])
			}
			if !j.Done(h) {
				t.Errorf("%s: not journaled done", h)
			}
			if v := recognised(t, coc, d, "HK"); !v.Recognized {
				t.Errorf("%s not recognised in HK on corridor-1: %+v", h, v)
			}
		}
		if !j.Done(hex.EncodeToString(first.DocHash[:])) {
			t.Error("the anchor relayed earlier was not recognised as held")
		}
		// Every transaction the relayer signed executed once: the account's
		// sequence moved by exactly the number of distinct signed transactions.
		_, seq1, err := coc.Sequence(ctx, key.PubKey())
		if err != nil {
			t.Fatal(err)
		}
		if seq1-seq0 != uint64(len(signed)) {
			t.Errorf("sequence moved by %d for %d signed transactions", seq1-seq0, len(signed))
		}
		var cl docking.ClientAnswer
		if err := coc.Query(ctx, "/docking/client/sw-cn-1", &cl); err != nil || cl.Client.Status != docking.StatusActive {
			t.Errorf("client: %+v %v", cl, err)
		}
	})

	t.Run("title away and back", func(t *testing.T) { titleAwayAndBack(t, sw, co) })

	t.Run("watching", func(t *testing.T) {
		// A relayer left running with --all carries what is anchored later.
		runCtx, cancel := context.WithCancel(ctx)
		defer cancel()
		r, err := New(runCtx, Config{Src: swc, Dst: coc, Key: co.Keys["hk-bank"], All: true, Interval: 300 * time.Millisecond, Log: testLog{t}})
		if err != nil {
			t.Fatal(err)
		}
		done := make(chan error, 1)
		go func() { done <- r.Run(runCtx) }()
		later := anchorMsg(t, shTrader, addr(sw, "hk-trader"), "SW-0100")
		submit(t, swc, sw.Keys["sh-trader"], later)
		deadline := time.Now().Add(45 * time.Second)
		for len(anchorsOn(t, coc, later.DocHash)) == 0 {
			if time.Now().After(deadline) {
				t.Fatal("the running relayer did not carry a new anchor within 45 s")
			}
			time.Sleep(300 * time.Millisecond)
		}
		cancel()
		if err := <-done; err != nil {
			t.Fatalf("Run returned %v after cancel", err)
		}
	})
}

type testLog struct{ t *testing.T }

func (l testLog) Write(p []byte) (int, error) {
	l.t.Log(strings.TrimRight(string(p), "\n"))
	return len(p), nil
}
