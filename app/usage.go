package app

import "github.com/corridor-trade/corridor/x/kit/store/iavlstore"

// StateUsage reports where the state database's bytes go: leaves by key
// class, inner nodes, orphans kept for older versions and IAVL's fast
// index (iavlstore.Tree.Usage). It reads the whole database; the disk
// benchmark calls it between blocks, never a serving node.
func (a *App) StateUsage() (*iavlstore.Usage, error) { return a.tree.Usage(nil) }
