package gov

import (
	"fmt"
	"sort"
	"sync"

	"github.com/corridor-trade/corridor/x/kit"
	"github.com/corridor-trade/corridor/x/membership"
)

// UpgradeHandler migrates the state at a scheduled upgrade's height,
// before that block's transactions. It must be deterministic like any
// state transition.
type UpgradeHandler func(ctx *kit.Context) error

// The upgrade handlers this binary knows, by upgrade name. A binary that
// does not know a scheduled upgrade stops at its height; the binary that
// knows it continues from there.
var (
	upgradesMu sync.RWMutex
	upgrades   = map[string]UpgradeHandler{UpgradeV2: upgradeV2}
)

// UpgradeV2 is the first real upgrade: a parameter migration that gives
// each member at least 512 pending transactions (membership's
// pending_quota), for the batch submissions of trade platforms.
const UpgradeV2 = "corridor-v2"

func upgradeV2(ctx *kit.Context) error {
	p := membership.GetParams(ctx.KV)
	if p.PendingQuota < 512 {
		p.PendingQuota = 512
	}
	membership.SetParams(ctx.KV, p)
	return nil
}

// RegisterUpgrade makes this binary know the upgrade name. Register
// before the node starts (a program's init, or a test standing in for
// the next binary); a name registered twice is refused.
func RegisterUpgrade(name string, h UpgradeHandler) error {
	upgradesMu.Lock()
	defer upgradesMu.Unlock()
	if _, dup := upgrades[name]; dup {
		return fmt.Errorf("upgrade handler %q is registered twice", name)
	}
	upgrades[name] = h
	return nil
}

// KnownUpgrades returns the names of the upgrades this binary knows, in
// order.
func KnownUpgrades() []string {
	upgradesMu.RLock()
	defer upgradesMu.RUnlock()
	out := make([]string, 0, len(upgrades))
	for n := range upgrades {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

func handlerFor(name string) (UpgradeHandler, bool) {
	upgradesMu.RLock()
	defer upgradesMu.RUnlock()
	h, ok := upgrades[name]
	return h, ok
}

// BeginBlock stops the chain at a scheduled upgrade's height unless this
// binary knows the upgrade, in which case it runs its handler and clears
// the plan, recording the upgrade as applied.
func BeginBlock(ctx *kit.Context) error {
	plan, ok := GetPlan(ctx.KV)
	if !ok || ctx.Height < plan.Height {
		return nil
	}
	h, known := handlerFor(plan.Name)
	if !known {
		return &kit.UpgradeNeeded{Name: plan.Name, Height: plan.Height, Info: plan.Info}
	}
	if err := h(ctx); err != nil {
		return fmt.Errorf("upgrade %q failed at height %d: %w", plan.Name, ctx.Height, err)
	}
	ctx.KV.Delete([]byte(keyPlan))
	kit.Put(ctx.KV, doneKey(plan.Name), &plan)
	ctx.Emit("gov", "action", "upgraded", "name", plan.Name)
	return nil
}
