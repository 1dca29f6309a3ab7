package bench

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"text/tabwriter"

	dbm "github.com/cometbft/cometbft-db"
	cmtcfg "github.com/cometbft/cometbft/config"
	sm "github.com/cometbft/cometbft/state"
	cmtstore "github.com/cometbft/cometbft/store"

	"github.com/corridor-trade/corridor/app"
	"github.com/corridor-trade/corridor/config"
	"github.com/corridor-trade/corridor/x/kit/store/iavlstore"
)

// DiskBreakdown says where the bytes of one direct-run checkpoint go, per
// database and per kind of entry. Logical bytes are key plus value as
// handed to the database; the disk share of a kind is its logical bytes
// scaled by its database's du over that database's logical total
// (goleveldb's per-entry overhead and compression spread evenly).
type DiskBreakdown struct {
	Anchors int `json:"anchors"`
	// State is the state database (application.db), from the
	// application's own scan (iavlstore.Tree.Usage).
	State     *iavlstore.Usage `json:"state"`
	StateDisk int64            `json:"state_disk_bytes"`
	// BlockStore is CometBFT's block store by key kind ("P" block parts,
	// "H" block metas, "C" and "SC" commits, "BH" the hash index).
	BlockStore     map[string]iavlstore.Bytes `json:"block_store"`
	BlockStoreDisk int64                      `json:"block_store_disk_bytes"`
	// Txs and TxBytes are the transactions inside the block parts.
	Txs     int64 `json:"txs"`
	TxBytes int64 `json:"tx_bytes"`
	// Responses is CometBFT's state store (state.db) by key kind; its
	// FinalizeBlock responses hold every transaction's result and events.
	Responses      map[string]iavlstore.Bytes `json:"state_store"`
	ResponsesDisk  int64                      `json:"state_store_disk_bytes"`
	EventBytes     int64                      `json:"event_bytes"`
	TxIndexDisk    int64                      `json:"tx_index_disk_bytes"`
	TxIndexEntries iavlstore.Bytes            `json:"tx_index"`
}

// MeasureDisk takes a DiskBreakdown of the databases under data (the
// node's data directory) with the handles the direct run holds.
func MeasureDisk(a *app.App, data string, anchors int, bsDB, stDB, ixDB dbm.DB) (*DiskBreakdown, error) {
	d := &DiskBreakdown{Anchors: anchors}
	sizes := settledSizes(data, []string{"application.db", "blockstore.db", "state.db", "tx_index.db"})
	d.StateDisk, d.BlockStoreDisk, d.ResponsesDisk, d.TxIndexDisk = sizes["application.db"], sizes["blockstore.db"], sizes["state.db"], sizes["tx_index.db"]
	var err error
	if d.State, err = a.StateUsage(); err != nil {
		return nil, fmt.Errorf("state usage: %w", err)
	}
	if d.BlockStore, err = scanByPrefix(bsDB); err != nil {
		return nil, err
	}
	if d.Responses, err = scanByPrefix(stDB); err != nil {
		return nil, err
	}
	ix, err := scanByPrefix(ixDB)
	if err != nil {
		return nil, err
	}
	for _, b := range ix {
		d.TxIndexEntries.Count += b.Count
		d.TxIndexEntries.Bytes += b.Bytes
	}
	blocks := cmtstore.NewBlockStore(bsDB)
	states := sm.NewStore(stDB, sm.StoreOptions{})
	for h := blocks.Base(); h > 0 && h <= blocks.Height(); h++ {
		if b := blocks.LoadBlock(h); b != nil {
			for _, tx := range b.Txs {
				d.Txs++
				d.TxBytes += int64(len(tx))
			}
		}
		r, err := states.LoadFinalizeBlockResponse(h)
		if err != nil {
			continue
		}
		for _, tr := range r.TxResults {
			for i := range tr.Events {
				d.EventBytes += int64(tr.Events[i].Size())
			}
		}
	}
	return d, nil
}

// scanByPrefix counts a CometBFT database's entries by the part of the key
// before its first ':' (CometBFT's key layout, e.g. "P:<height>:<part>").
func scanByPrefix(db dbm.DB) (map[string]iavlstore.Bytes, error) {
	out := map[string]iavlstore.Bytes{}
	it, err := db.Iterator(nil, nil)
	if err != nil {
		return nil, err
	}
	defer it.Close()
	for ; it.Valid(); it.Next() {
		k := it.Key()
		c := string(k)
		if i := bytes.IndexByte(k, ':'); i >= 0 {
			c = string(k[:i])
		} else if len(c) > 24 {
			c = c[:24]
		}
		b := out[c]
		b.Count++
		b.Bytes += int64(len(k) + len(it.Value()))
		out[c] = b
	}
	return out, it.Error()
}

// DiskRow is one line of the per-anchor table.
type DiskRow struct {
	DB      string  `json:"db"`
	Kind    string  `json:"kind"`
	Entries float64 `json:"entries_per_anchor"`
	Logical float64 `json:"logical_bytes_per_anchor"`
	Disk    float64 `json:"disk_bytes_per_anchor"`
}

// stateKinds names the state's key classes in the table.
var stateKinds = map[string]string{
	"iv/": "invoice records (iv/)", "if/": "fingerprint index (if/)", "seq/": "sequences (seq/)",
}

// Rows returns the per-anchor table, database by database.
func (d *DiskBreakdown) Rows() []DiskRow {
	n := float64(d.Anchors)
	var rows []DiskRow
	add := func(db string, scale float64, kind string, b iavlstore.Bytes) {
		rows = append(rows, DiskRow{DB: db, Kind: kind, Entries: float64(b.Count) / n, Logical: float64(b.Bytes) / n, Disk: float64(b.Bytes) * scale / n})
	}
	ratio := func(disk, logical int64) float64 {
		if logical == 0 {
			return 0
		}
		return float64(disk) / float64(logical)
	}
	if u := d.State; u != nil {
		s := ratio(d.StateDisk, u.Total())
		var otherLeaves, otherFast iavlstore.Bytes
		for _, c := range u.Classes() {
			if name, ok := stateKinds[c]; ok {
				add("state", s, "leaf: "+name, u.Leaves[c])
				add("state", s, "fast index: "+name, u.Fast[c])
				continue
			}
			otherLeaves.Count += u.Leaves[c].Count
			otherLeaves.Bytes += u.Leaves[c].Bytes
			otherFast.Count += u.Fast[c].Count
			otherFast.Bytes += u.Fast[c].Bytes
		}
		add("state", s, "leaf: other (members, keys, meta…)", otherLeaves)
		add("state", s, "fast index: other", otherFast)
		add("state", s, "inner nodes (latest version)", u.Inner)
		add("state", s, "orphans (nodes kept for older versions)", u.Orphans)
		add("state", s, "IAVL metadata and root references", u.Other)
		rows = append(rows, DiskRow{DB: "state", Kind: "TOTAL (du)", Logical: float64(u.Total()) / n, Disk: float64(d.StateDisk) / n})
	}
	blockRows := func(db string, m map[string]iavlstore.Bytes, disk int64, names map[string]string) {
		var total int64
		for _, b := range m {
			total += b.Bytes
		}
		s := ratio(disk, total)
		keys := make([]string, 0, len(m))
		for k := range m {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			name := names[k]
			if name == "" {
				name = k
			}
			add(db, s, name, m[k])
		}
		rows = append(rows, DiskRow{DB: db, Kind: "TOTAL (du)", Logical: float64(total) / n, Disk: float64(disk) / n})
	}
	blockRows("block store", d.BlockStore, d.BlockStoreDisk, map[string]string{
		"P": "block parts (the blocks)", "H": "block metas", "C": "commits", "SC": "seen commits", "BH": "block hash index", "EC": "extended commits"})
	rows = append(rows, DiskRow{DB: "block store", Kind: "… of the parts: transaction bytes", Entries: float64(d.Txs) / n, Logical: float64(d.TxBytes) / n})
	blockRows("state store", d.Responses, d.ResponsesDisk, map[string]string{"abciResponsesKey": "FinalizeBlock responses (results + events)"})
	rows = append(rows, DiskRow{DB: "state store", Kind: "… of the responses: events", Logical: float64(d.EventBytes) / n})
	rows = append(rows, DiskRow{DB: "tx index (apart)", Kind: "TOTAL (du)", Entries: float64(d.TxIndexEntries.Count) / n, Logical: float64(d.TxIndexEntries.Bytes) / n, Disk: float64(d.TxIndexDisk) / n})
	rows = append(rows, DiskRow{DB: "target", Kind: "state + block store (du)", Disk: float64(d.StateDisk+d.BlockStoreDisk) / n})
	return rows
}

// Print writes the per-anchor table.
func (d *DiskBreakdown) Print(w io.Writer) {
	fmt.Fprintf(w, "bytes per anchor at %d anchors (logical = key+value; disk = share of du)\n", d.Anchors)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "database\tkind\tentries/anchor\tlogical B/anchor\tdisk B/anchor\t")
	for _, r := range d.Rows() {
		fmt.Fprintf(tw, "%s\t%s\t%.3f\t%.1f\t%.1f\t\n", r.DB, r.Kind, r.Entries, r.Logical, r.Disk)
	}
	tw.Flush()
}

// dataDir is the data directory of a direct-run home.
func dataDir(home string) string { return filepath.Join(home, "data") }

// DiskMain is the "disk" subcommand: it measures a direct-run home that
// is not running (corridor-bench direct -dir HOME) and prints the table.
// The anchor count is the number of invoice records unless -anchors says.
func DiskMain(args []string) int {
	fs := flag.NewFlagSet("disk", flag.ContinueOnError)
	home := fs.String("dir", "", "home directory of a finished direct run")
	anchors := fs.Int("anchors", 0, "anchors to divide by (default: the invoice records in the state)")
	out := fs.String("json", "", "also write the breakdown as JSON to this file")
	fastIndex := fs.Bool("fast-index", true, "false for a run made with -fast-index=false (else opening rebuilds the index)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *home == "" {
		fmt.Fprintln(os.Stderr, "disk: -dir is required")
		return 2
	}
	d, err := measureHome(*home, *anchors, *fastIndex)
	if err != nil {
		fmt.Fprintln(os.Stderr, "disk:", err)
		return 1
	}
	d.Print(os.Stdout)
	if *out != "" {
		b, _ := json.MarshalIndent(d, "", "  ")
		if err := os.WriteFile(*out, b, 0o600); err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
	}
	return 0
}

func measureHome(home string, anchors int, fastIndex bool) (*DiskBreakdown, error) {
	conf := cmtcfg.DefaultConfig()
	conf.SetRoot(home)
	appCfg := config.Default()
	a, err := app.New(app.Options{Dir: conf.DBDir(), Backend: appCfg.State.Backend, KeepRecent: appCfg.State.KeepRecent, CacheSize: appCfg.State.CacheSize, NoFastIndex: !fastIndex})
	if err != nil {
		return nil, err
	}
	defer a.Close()
	var dbs []dbm.DB
	for _, id := range []string{"blockstore", "state", "tx_index"} {
		db, err := cmtcfg.DefaultDBProvider(&cmtcfg.DBContext{ID: id, Config: conf})
		if err != nil {
			return nil, err
		}
		defer db.Close()
		dbs = append(dbs, db)
	}
	if anchors == 0 {
		u, err := a.StateUsage()
		if err != nil {
			return nil, err
		}
		if anchors = int(u.Leaves["iv/"].Count); anchors == 0 {
			return nil, fmt.Errorf("no invoice records in %s: give -anchors", home)
		}
	}
	return MeasureDisk(a, conf.DBDir(), anchors, dbs[0], dbs[1], dbs[2])
}
