package ingest

import (
	"context"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/corridor-trade/corridor/anchorplan"
	"github.com/corridor-trade/corridor/client"
	"github.com/corridor-trade/corridor/formats"
	"github.com/corridor-trade/corridor/internal/localnet"
	"github.com/corridor-trade/corridor/internal/testdocs"
	"github.com/corridor-trade/corridor/tx"
	"github.com/corridor-trade/corridor/x/invoice"
)

// TestSettleCommittedAndAbandonedIntents leaves two intents open in a
// journal of ingest's format 0 (written line for line as ingest wrote it
// before it sent through the outbox), as a crash would: one whose
// transaction committed (it must be found by its hash, and its files not
// sent again) and one that was never broadcast and whose sequence another
// transaction then used (it must be abandoned, and its file anchored anew).
// The journal is converted to the outbox's format on open, its open intents
// kept and settled by the outbox; nothing is anchored twice.
func TestSettleCommittedAndAbandonedIntents(t *testing.T) {
	files := map[string][]byte{
		"a.xml": testdocs.Read(t, "ubl/peppol-bis3-base-example.xml"),
		"b.xml": testdocs.Read(t, "ubl/pint-sg-inv-02-full-valid-invoice.xml"),
		"c.xml": testdocs.Read(t, "cii/en16931-CII_example1.xml"),
	}
	if testing.Short() {
		t.Skip("network test")
	}
	net := localnet.Start(t, localnet.Options{Validators: 1})
	net.WaitForHeight(1, time.Minute)
	ctx := context.Background()
	c := net.Client(0)
	key := net.Keys["sg-trader"]
	dir := t.TempDir()
	for n, b := range files {
		if err := os.WriteFile(filepath.Join(dir, n), b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	ref := func(name string) (fileRef, formats.Hash) {
		docs, err := formats.Parse(files[name])
		if err != nil {
			t.Fatal(err)
		}
		return fileRef{File: name, Raw: formats.RawHash(files[name]).String()}, docs[0].CanonicalHash
	}
	chainID, err := c.ChainID(ctx)
	if err != nil {
		t.Fatal(err)
	}
	_, seq, err := c.Sequence(ctx, key.PubKey())
	if err != nil {
		t.Fatal(err)
	}
	sign := func(seq uint64, m *invoice.MsgAnchorBatch) ([]byte, string) {
		raw, err := tx.Build(key, chainID, seq, "", m)
		if err != nil {
			t.Fatal(err)
		}
		h := tx.Hash(raw)
		return raw, strings.ToUpper(hex.EncodeToString(h[:]))
	}

	// Intent 1: a and b, broadcast and committed, outcome never written.
	ra, ha := ref("a.xml")
	rb, hb := ref("b.xml")
	root1 := invoice.Hash(invoice.MerkleRoot([][32]byte{ha, hb}))
	raw1, hash1 := sign(seq, &invoice.MsgAnchorBatch{Root: root1, Count: 2, Profile: "ubl-2.1"})
	// Intent 2: c, signed with the next sequence, never broadcast.
	rc, hc := ref("c.xml")
	root2 := invoice.Hash(invoice.MerkleRoot([][32]byte{hc}))
	raw2, hash2 := sign(seq+1, &invoice.MsgAnchorBatch{Root: root2, Count: 1, Profile: "cii-d16b"})

	jpath := filepath.Join(dir, WorkDir, "journal.jsonl")
	writeOldJournal(t, jpath, []oldEntry{
		{Op: "intent", TxHash: hash1, Kind: "batch", Sequence: seq, Tx: raw1, Files: []fileRef{ra, rb}, Root: root1.String(), Profile: "ubl-2.1", Count: 2,
			Members: []anchorplan.Member{{File: "a.xml", DocHash: invoice.Hash(ha), Index: 0, Path: []invoice.Hash{}}, {File: "b.xml", DocHash: invoice.Hash(hb), Index: 1, Path: []invoice.Hash{}}}},
		{Op: "intent", TxHash: hash2, Kind: "batch", Sequence: seq + 1, Tx: raw2, Files: []fileRef{rc}, Root: root2.String(), Profile: "cii-d16b", Count: 1},
	}, "")
	res, err := c.BroadcastRaw(ctx, raw1, 30*time.Second)
	if err != nil || !res.OK() {
		t.Fatalf("intent 1: %+v %v", res, err)
	}
	// Another transaction takes sequence seq+1 away from intent 2.
	other, err := c.Submit(ctx, key, client.SubmitOptions{Wait: 30 * time.Second},
		&invoice.MsgAnchorBatch{Root: invoice.Hash{9}, Count: 1, Profile: "raw"})
	if err != nil || !other.OK() {
		t.Fatalf("other: %+v %v", other, err)
	}

	var log strings.Builder
	receipts := map[string]*Receipt{}
	// Batch mode: c.xml, retried alone, is anchored in a batch as intent 2
	// meant (in auto mode a lone invoice is anchored on its own and needs a
	// buyer, which this sample does not name).
	if _, err := Run(ctx, Options{Dir: dir, Key: key, Client: c, Log: &log, Mode: anchorplan.ModeBatch, Receipt: func(r *Receipt) { receipts[r.File] = r }}); err != nil {
		t.Fatal(err)
	}
	t.Log(log.String())
	if !strings.Contains(log.String(), "converted") {
		t.Error("the format-0 journal was not reported converted")
	}
	if _, err := os.Stat(jpath + OldJournalSuffix); err != nil {
		t.Errorf("the format-0 journal is not kept: %v", err)
	}
	for _, f := range []string{"a.xml", "b.xml"} {
		if r := receipts[f]; r.Status != StatusAlreadyAnchored || r.TxHash != hash1 || r.Height != res.Height {
			t.Errorf("%s: %+v", f, r)
		}
	}
	if r := receipts["c.xml"]; r.Status != StatusAnchored || r.TxHash == hash2 {
		t.Errorf("c.xml: %+v %+v", r, r.Error)
	}
	j, err := client.OpenJournal(jpath)
	if err != nil {
		t.Fatal(err)
	}
	defer j.Close()
	if o, _ := j.Outcome(hash1); o.Status != client.Committed || !strings.Contains(o.How, "found by hash") {
		t.Errorf("intent 1 outcome: %+v", o)
	}
	if o, _ := j.Outcome(hash2); o.Status != client.Abandoned {
		t.Errorf("intent 2 outcome: %+v", o)
	}
	if open := j.Open(); len(open) != 0 {
		t.Errorf("open intents remain: %d", len(open))
	}
	// Intent 2's transaction can never commit now.
	h2, _ := hex.DecodeString(hash2)
	if _, err := c.RPC.Tx(ctx, h2, false); err == nil {
		t.Error("the abandoned transaction is on chain")
	}
}
