package bench

import (
	"testing"
)

// TestDirectDiskBreakdown runs a small direct-ABCI anchoring (real
// application, real goleveldb databases, real CometBFT block and state
// stores) and checks the breakdown against what is known of it: one
// invoice record, one fingerprint entry and one transaction per anchor,
// the transactions inside the block parts, and a total that is the
// databases' own size.
func TestDirectDiskBreakdown(t *testing.T) {
	if testing.Short() {
		t.Skip("anchors 600 invoices through the application")
	}
	dir := t.TempDir()
	res, err := direct(dir, []int{600}, 200, 4, 0, -1, true, false, true, false, nil)
	if err != nil {
		t.Fatal(err)
	}
	d := res[0].Disk
	if d == nil || d.Anchors != 600 {
		t.Fatalf("no breakdown for 600 anchors: %+v", d)
	}
	if d.State.Leaves["iv/"].Count != 600 || d.State.Leaves["if/"].Count != 600 || d.State.Fast["iv/"].Count != 600 {
		t.Fatalf("state leaves %v, fast %v: want 600 iv/ and if/", d.State.Leaves, d.State.Fast)
	}
	if d.Txs != 600 || d.TxBytes < 600*200 || d.BlockStore["P"].Bytes < d.TxBytes {
		t.Fatalf("%d transactions of %d bytes in block parts of %d bytes", d.Txs, d.TxBytes, d.BlockStore["P"].Bytes)
	}
	if d.EventBytes == 0 || d.Responses["abciResponsesKey"].Bytes < d.EventBytes {
		t.Fatalf("events %d bytes, responses %v", d.EventBytes, d.Responses)
	}
	rows := d.Rows()
	last := rows[len(rows)-1]
	if want := float64(d.StateDisk+d.BlockStoreDisk) / 600; last.Disk != want || want == 0 {
		t.Fatalf("target row %+v, want %.1f B/anchor", last, want)
	}
}

// TestDirectValidatorMode runs the direct anchoring as a non-proposing
// validator (-validator): every block through ProcessProposal, and the
// next block's transactions admitted while a block executes and rechecked
// after its commit. direct fails if any proposal is refused or any
// recheck or block transaction fails; the state must hold every anchor
// once, as without the mode.
func TestDirectValidatorMode(t *testing.T) {
	if testing.Short() {
		t.Skip("anchors 600 invoices through the application")
	}
	res, err := direct(t.TempDir(), []int{600}, 200, 4, 0, -1, true, false, true, true, nil)
	if err != nil {
		t.Fatal(err)
	}
	d := res[0].Disk
	if d == nil || d.State.Leaves["iv/"].Count != 600 || d.State.Leaves["if/"].Count != 600 || d.Txs != 600 {
		t.Fatalf("breakdown %+v: want 600 anchors and transactions", d)
	}
	if res[0].ProcessProposalUs == 0 || res[0].RecheckUs == 0 {
		t.Fatalf("ProcessProposal %.1f µs/tx and recheck %.1f µs/tx: the validator's calls were not made", res[0].ProcessProposalUs, res[0].RecheckUs)
	}
}
