package ingest_test

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/corridor-trade/corridor/anchorplan"
	"github.com/corridor-trade/corridor/client"
	"github.com/corridor-trade/corridor/internal/ingest"
	"github.com/corridor-trade/corridor/internal/localnet"
	"github.com/corridor-trade/corridor/internal/testdocs"
	"github.com/corridor-trade/corridor/x/invoice"
	querypath "github.com/corridor-trade/corridor/x/kit/paths"
)

var errCrash = errors.New("crash")

// TestIngestCrashAtEachPoint stops an ingest run at each point of the
// outbox's send (client.PointIntent, PointBroadcast, PointCommitted) of its
// second transaction, as if the process had died there, then runs it again
// on the same journal. Every document is anchored exactly once: each file's
// receipt names a batch root on chain by this issuer, no document is in two
// batches, and the batches the chain holds for the directory cover its
// documents exactly. A third run sends nothing.
func TestIngestCrashAtEachPoint(t *testing.T) {
	samples := [][]string{
		{"ubl/en16931-ubl-tc434-example1.xml", "ubl/peppol-bis3-Allowance-example.xml", "ubl/peppol-bis3-base-example.xml"},
		{"ubl/peppol-bis3-vat-category-Z.xml", "ubl/pint-sg-inv-02-full-valid-invoice.xml", "ubl/pint-sg-inv-06-foreign-currency.xml"},
		{"ubl/pint-sg-inv-07-foreign-buyer.xml", "ubl/pint-sg-inv-14-paynow.xml", "cii/en16931-CII_example1.xml"},
	}
	data := map[string][]byte{}
	for _, set := range samples {
		for _, s := range set {
			data[s] = testdocs.Read(t, s)
		}
	}
	if testing.Short() {
		t.Skip("network test")
	}
	net := localnet.Start(t, localnet.Options{Validators: 1})
	net.WaitForHeight(1, time.Minute)
	ctx := context.Background()
	c := net.Client(0)
	key := net.Keys["sg-trader"]
	for i, point := range []client.Point{client.PointIntent, client.PointBroadcast, client.PointCommitted} {
		t.Run(string(point), func(t *testing.T) {
			dir := t.TempDir()
			for _, s := range samples[i] {
				write(t, dir, filepath.Base(s), data[s])
			}
			sends := 0
			var log strings.Builder
			opts := ingest.Options{Dir: dir, Key: key, Client: c, Mode: anchorplan.ModeBatch, BatchSize: 1, Log: &log,
				Hook: func(p client.Point, in client.Intent) error {
					if p == client.PointIntent {
						sends++
					}
					if p == point && sends == 2 {
						return errCrash
					}
					return nil
				}}
			if _, err := ingest.Run(ctx, opts); !errors.Is(err, errCrash) {
				t.Fatalf("run 1 was not stopped at %s: %v", point, err)
			}
			opts.Hook = nil
			receipts := map[string]*ingest.Receipt{}
			opts.Receipt = func(r *ingest.Receipt) { receipts[r.File] = r }
			if _, err := ingest.Run(ctx, opts); err != nil {
				t.Fatal(err)
			}
			t.Log(log.String())
			if !strings.Contains(log.String(), "journal: batch") {
				t.Error("run 2 did not settle the open intent")
			}
			roots := map[string]string{} // document -> root
			for _, s := range samples[i] {
				r := receipts[filepath.Base(s)]
				if r == nil || (r.Status != ingest.StatusAnchored && r.Status != ingest.StatusAlreadyAnchored) || r.Root == "" {
					t.Fatalf("%s: %+v", s, r)
				}
				var b invoice.BatchView
				if err := c.Query(ctx, querypath.Batch(r.Root), &b); err != nil || b.Issuer != key.PubKey().Address() || b.Anchored.Height != r.Height {
					t.Errorf("%s: batch %s on chain: %+v %v (receipt height %d)", s, r.Root, b, err, r.Height)
				}
				for _, d := range r.Documents {
					if prev, dup := roots[d.CanonicalHash]; dup && prev != r.Root {
						t.Errorf("document %s in two batches", d.CanonicalHash)
					}
					roots[d.CanonicalHash] = r.Root
				}
			}
			// The chain's batches of this directory's documents: one each.
			j, err := client.OpenJournal(filepath.Join(dir, ingest.WorkDir, "journal.jsonl"))
			if err != nil {
				t.Fatal(err)
			}
			committed := 0
			for _, in := range j.Intents() {
				if o, ok := j.Outcome(in.Hash); ok && o.Status == client.Committed {
					committed++
				}
			}
			if len(j.Open()) != 0 || committed != len(samples[i]) {
				t.Errorf("journal: %d open, %d committed for %d files", len(j.Open()), committed, len(samples[i]))
			}
			j.Close()
			res, err := c.RPC.TxSearch(ctx, fmt.Sprintf("invoice_batch.issuer='%s'", key.PubKey().Address()), false, nil, nil, "asc")
			if err != nil {
				t.Fatal(err)
			}
			onChain := map[string]int{}
			for _, tr := range res.Txs {
				if tr.TxResult.Code != 0 {
					continue
				}
				for _, ev := range tr.TxResult.Events {
					for _, a := range ev.Attributes {
						if ev.Type == "invoice_batch" && a.Key == "root" {
							onChain[a.Value]++
						}
					}
				}
			}
			for doc, root := range roots {
				if onChain[root] != 1 {
					t.Errorf("document %s: root %s anchored %d times", doc, root, onChain[root])
				}
			}

			// A third run sends nothing.
			receipts = map[string]*ingest.Receipt{}
			if _, err := ingest.Run(ctx, opts); err != nil {
				t.Fatal(err)
			}
			for f, r := range receipts {
				if r.Status != ingest.StatusAlreadyAnchored {
					t.Errorf("run 3 %s: %s", f, r.Status)
				}
			}
		})
	}
}
