package app

import (
	"encoding/json"
	"fmt"

	"github.com/corridor-trade/corridor/x/wiring"
)

// AppState is the app_state section of genesis.json: the raw entry of
// each module, by module name. Each module decodes and checks its own
// entry (kit.Module.ValidateGenesis and InitGenesis).
type AppState struct {
	Modules map[string]json.RawMessage
}

// ParseAppState decodes app_state strictly: an entry that names no module
// is an error, so that a typo in genesis is caught before the chain
// starts.
func ParseAppState(raw []byte) (*AppState, error) {
	var parts map[string]json.RawMessage
	if err := json.Unmarshal(raw, &parts); err != nil {
		return nil, fmt.Errorf("app_state: %w", err)
	}
	mods := wiring.Modules()
	known := make(map[string]bool, len(mods))
	for _, m := range mods {
		known[m.Name] = true
	}
	st := &AppState{Modules: map[string]json.RawMessage{}}
	for name, part := range parts {
		if !known[name] {
			return nil, fmt.Errorf("app_state: unknown module %q", name)
		}
		st.Modules[name] = part
	}
	return st, nil
}

// Validate checks every module's genesis, in the modules' order; an
// error is prefixed with the module's name.
func (s *AppState) Validate() error {
	for _, m := range wiring.Modules() {
		if m.ValidateGenesis == nil {
			continue
		}
		if err := m.ValidateGenesis(s.Modules[m.Name]); err != nil {
			return fmt.Errorf("%s: %w", m.Name, err)
		}
	}
	return nil
}
