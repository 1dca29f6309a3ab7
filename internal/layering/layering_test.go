package layering_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os/exec"
	"sort"
	"strings"
	"sync"
	"testing"
)

const mod = "github.com/corridor-trade/corridor"

// pkg is the part of go list's JSON this test reads. Imports and Deps
// cover non-test files only: tests may drive the whole application.
type pkg struct {
	ImportPath string
	Standard   bool
	Imports    []string
	Deps       []string
}

var (
	graphOnce sync.Once
	graphAll  map[string]*pkg
	graphErr  error
)

// graph lists every package of the module and every package they depend
// on, by import path. go list runs once for all the tests.
func graph(t *testing.T) map[string]*pkg {
	t.Helper()
	graphOnce.Do(func() { graphAll, graphErr = list() })
	if errors.Is(graphErr, exec.ErrNotFound) {
		t.Skip("the go command is not on PATH")
	}
	if graphErr != nil {
		t.Fatal(graphErr)
	}
	return graphAll
}

func list() (map[string]*pkg, error) {
	goTool, err := exec.LookPath("go")
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(goTool, "list", "-deps", "-json=ImportPath,Standard,Imports,Deps", mod+"/...")
	cmd.Dir = "../.."
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("go list: %v\n%s", err, stderr.String())
	}
	all := map[string]*pkg{}
	dec := json.NewDecoder(bytes.NewReader(out))
	for {
		var p pkg
		if err := dec.Decode(&p); errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			return nil, err
		}
		all[p.ImportPath] = &p
	}
	if all[mod+"/app"] == nil || all[mod+"/x/kit"] == nil {
		return nil, fmt.Errorf("go list did not list the module's packages (%d packages)", len(all))
	}
	return all, nil
}

// under reports whether path is the package dir of the module or one
// below it.
func under(path, dir string) bool {
	full := mod + "/" + dir
	return path == full || strings.HasPrefix(path, full+"/")
}

// ours returns the module's packages under dir.
func ours(all map[string]*pkg, dir string) []*pkg {
	var out []*pkg
	for path, p := range all {
		if under(path, dir) {
			out = append(out, p)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ImportPath < out[j].ImportPath })
	return out
}

// rule forbids the packages under dirs from depending, directly or not,
// on any package matched by banned.
func rule(t *testing.T, all map[string]*pkg, dir, why string, banned func(dep string) bool) {
	t.Helper()
	pkgs := ours(all, dir)
	if len(pkgs) == 0 {
		t.Fatalf("no package under %s/: the rule checks nothing", dir)
	}
	for _, p := range pkgs {
		for _, d := range p.Deps {
			if banned(d) {
				t.Errorf("%s depends on %s (%s); the import chain: %s", p.ImportPath, d, why, chain(all, p.ImportPath, d))
			}
		}
	}
}

// chain finds one import path from -> ... -> to, for the error message.
func chain(all map[string]*pkg, from, to string) string {
	prev := map[string]string{from: ""}
	queue := []string{from}
	for len(queue) > 0 {
		cur := queue[0]
		queue = queue[1:]
		if cur == to {
			var hops []string
			for at := to; at != ""; at = prev[at] {
				hops = append([]string{strings.TrimPrefix(at, mod+"/")}, hops...)
			}
			return strings.Join(hops, " -> ")
		}
		if p := all[cur]; p != nil {
			for _, next := range p.Imports {
				if _, seen := prev[next]; !seen {
					prev[next] = cur
					queue = append(queue, next)
				}
			}
		}
	}
	return "(not found)"
}

func anyUnder(dirs ...string) func(string) bool {
	return func(dep string) bool {
		for _, d := range dirs {
			if under(dep, d) {
				return true
			}
		}
		return false
	}
}

// databases are the storage engines Corridor's state sits on.
var databases = []string{
	"github.com/cosmos/cosmos-db", "github.com/cosmos/iavl", "github.com/cockroachdb/pebble",
	"github.com/syndtr/goleveldb", "github.com/cometbft/cometbft-db", "github.com/dgraph-io/badger",
	"go.etcd.io/bbolt", "github.com/linxGnu/grocksdb",
}

func isDatabase(path string) bool {
	for _, d := range databases {
		if path == d || strings.HasPrefix(path, d+"/") {
			return true
		}
	}
	return false
}

// TestFormatsApartFromTheLedger: the trade-document parsers import nothing
// of Corridor's state machine or its tools.
func TestFormatsApartFromTheLedger(t *testing.T) {
	all := graph(t)
	rule(t, all, "formats", "trade-document formats touch nothing of the ledger",
		anyUnder("x", "app", "internal", "cmd", "client", "api", "proof", "tx", "bench", "testnet"))
}

// TestDiscloseBesideFormats: the field-disclosure library is a leaf beside
// the parsers: it builds on formats and imports nothing of the ledger, the
// verifier or the tools, so the CLI, the API and the verifier can all use it.
func TestDiscloseBesideFormats(t *testing.T) {
	all := graph(t)
	rule(t, all, "disclose", "field disclosures are checked offline, apart from the ledger and the verifier",
		anyUnder("x", "app", "internal", "cmd", "client", "api", "proof", "tx", "bench", "testnet", "anchorplan", "web"))
}

// TestModulesBelowTheTools: no on-chain module imports a tool, a door or
// the verifier; those are built on the modules, never the reverse. The
// parsers stay out of the state machine too.
func TestModulesBelowTheTools(t *testing.T) {
	all := graph(t)
	rule(t, all, "x", "on-chain packages sit below every tool",
		anyUnder("internal", "cmd", "client", "api", "proof", "app", "bench", "testnet", "formats", "disclose"))
}

// leaves need only the standard library: x/kit/paths is used by every
// door and by the verifier compiled to WebAssembly; internal/readlimit
// (size-limited file reads) is used by the doors and by the verifier.
var leaves = []string{"x/kit/paths", "internal/readlimit"}

// TestLeavesImportNothing: each leaf depends on the standard library only.
func TestLeavesImportNothing(t *testing.T) {
	all := graph(t)
	for _, leaf := range leaves {
		p := all[mod+"/"+leaf]
		if p == nil {
			t.Fatalf("%s is not listed", leaf)
		}
		for _, d := range p.Deps {
			if q := all[d]; q == nil || !q.Standard {
				t.Errorf("%s depends on %s, which is not the standard library", leaf, d)
			}
		}
	}
}

// TestOfflineVerifier: the verifier (proof/, without proof/fetch, which
// talks to nodes) runs offline in `corridord verify` and, later, in a
// browser: it must not pull in the application, the node or the tools.
func TestOfflineVerifier(t *testing.T) {
	all := graph(t)
	p := all[mod+"/proof"]
	if p == nil {
		t.Fatal("proof is not listed")
	}
	node := []string{"node", "consensus", "state", "store", "mempool", "privval", "blocksync", "statesync", "evidence"}
	for _, d := range p.Deps {
		if d == mod+"/internal/readlimit" { // a standard-library leaf (TestLeavesImportNothing)
			continue
		}
		bad := anyUnder("app", "internal", "cmd", "client", "api", "proof/fetch", "bench", "testnet")(d)
		for _, n := range node {
			c := "github.com/cometbft/cometbft/" + n
			bad = bad || d == c || strings.HasPrefix(d, c+"/")
		}
		if bad {
			t.Errorf("proof depends on %s; the import chain: %s", d, chain(all, p.ImportPath, d))
		}
	}
}

// networking are the CometBFT packages that talk to nodes or open their
// databases: cometbft/light (whose package also holds the HTTP provider),
// the RPC client, p2p and config (which imports cometbft-db).
var networking = []string{
	"github.com/cometbft/cometbft/light", "github.com/cometbft/cometbft/rpc",
	"github.com/cometbft/cometbft/p2p", "github.com/cometbft/cometbft/config",
}

// TestVerifierLinksNoDatabaseNorNode checks that neither the offline
// verifier (proof/) nor the parsers (formats/) link a storage engine or
// CometBFT's networking, directly or not: both are compiled to WebAssembly
// for the page of issue 19 (web/wasm), where none of that builds. The
// state tree lives in x/kit/store/iavlstore, which only the application
// imports, and the light-client rules in x/kit/lightverify.
func TestVerifierLinksNoDatabaseNorNode(t *testing.T) {
	all := graph(t)
	for _, dir := range []string{"proof", "formats", "disclose", "x/kit/store", "x/kit/lightverify", "web/verifier"} {
		p := all[mod+"/"+dir]
		if p == nil {
			t.Fatalf("%s is not listed", dir)
		}
		for _, d := range p.Deps {
			bad := isDatabase(d)
			for _, n := range networking {
				bad = bad || d == n || strings.HasPrefix(d, n+"/")
			}
			if bad {
				t.Errorf("%s depends on %s, which the WebAssembly verifier cannot link; the import chain: %s", dir, d, chain(all, p.ImportPath, d))
			}
		}
	}
}

// TestAdapterSeesModulesThroughKit: the ABCI adapter (app/) imports no
// domain module itself. It takes the module list from x/wiring and reads
// membership through kit.Accounts (transaction checks, metrics, state
// export), so that the logic stays in x/<module>.
func TestAdapterSeesModulesThroughKit(t *testing.T) {
	all := graph(t)
	p := all[mod+"/app"]
	if p == nil {
		t.Fatal("app is not listed")
	}
	for _, d := range p.Imports {
		if under(d, "x") && !under(d, "x/kit") && !under(d, "x/wiring") {
			t.Errorf("app imports %s directly; give it a view in x/kit (kit.Accounts or a small interface) instead", d)
		}
	}
}
