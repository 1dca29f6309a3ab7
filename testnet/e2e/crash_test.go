//go:build e2e

package e2e

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// pebbleNode runs its application state on pebbledb; the other three keep
// the default goleveldb. The whole suite therefore also checks that both
// engines give the same app hashes.
const pebbleNode = lingang

// usePebble switches a home's state database to pebbledb before its first
// start (app.toml, [state] backend).
func usePebble(home string) error {
	path := filepath.Join(home, "config", "app.toml")
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	const from, to = `backend = "goleveldb"`, `backend = "pebbledb"`
	if !strings.Contains(string(b), from) {
		return fmt.Errorf("%s has no %s line", path, from)
	}
	return os.WriteFile(path, []byte(strings.Replace(string(b), from, to, 1)), 0o600)
}

// e2eKills is how many times killRepeatedly kills each of its two nodes:
// CORRIDOR_E2E_KILLS, default 8.
func e2eKills() int {
	if n, err := strconv.Atoi(os.Getenv("CORRIDOR_E2E_KILLS")); err == nil && n > 0 {
		return n
	}
	return 8
}

// killRepeatedly kills singapore (goleveldb) and lingang (pebbledb) with
// SIGKILL at random moments under load, one after the other, e2eKills()
// times each, restarting each right away. Every restart must catch up (a
// node that cannot load its state never does); the suite's checks then
// find every acknowledged transaction on every node.
func killRepeatedly(e *env, row *Row) (*Load, []*Node, error) {
	nodes := e.c.Nodes()
	// pebble writes OPTIONS-* files, goleveldb none.
	if m, _ := filepath.Glob(filepath.Join(nodes[pebbleNode].Home, "data", "application.db", "OPTIONS-*")); len(m) == 0 {
		return nil, nil, fmt.Errorf("%s's application.db is not a pebble database", nodes[pebbleNode].Name)
	}
	load := NewLoad(e.chainID, nodes, e.keys, e.tracker)
	stop := load.Start(e.ctx)
	defer stop()
	e.sleep(5 * time.Second)
	h0 := maxHeight(e.ctx, nodes)
	r := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 12))
	var worst time.Duration
	kills := e2eKills()
	for k := 1; k <= kills; k++ {
		for _, victim := range []int{singapore, pebbleNode} {
			e.sleep(time.Duration(1000+r.IntN(3000)) * time.Millisecond)
			if err := e.c.Kill(victim); err != nil {
				return load, nil, err
			}
			if err := e.c.Start(victim); err != nil {
				return load, nil, err
			}
			took, err := waitCaughtUp(e.ctx, nodes[victim], others(nodes, victim), 120*time.Second)
			if err != nil {
				return load, nil, fmt.Errorf("kill %d of %s: %w", k, nodes[victim].Name, err)
			}
			worst = max(worst, took)
		}
	}
	row.FaultBlocks = fmt.Sprint(maxHeight(e.ctx, nodes) - h0)
	row.Recover = fmt.Sprintf("max %s per restart (%d kills each)", worst.Round(100*time.Millisecond), kills)
	e.sleep(5 * time.Second)
	return load, nil, nil
}
