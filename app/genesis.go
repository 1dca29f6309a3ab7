package app

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/corridor-trade/corridor/x/wiring"
)

// AppState is the app_state section of genesis.json: the raw entry of
// each module, by module name, or an exported chain's whole state. Each
// module decodes and checks its own entry (kit.Module.ValidateGenesis and
// InitGenesis).
type AppState struct {
	Modules map[string]json.RawMessage
	// State, app_state.state, is an exported chain's whole state
	// (app/statedump.go); when present no module section may be.
	State *StateDump
}

// ParseAppState decodes app_state strictly: an entry that names no module
// is an error, so that a typo in genesis is caught before the chain
// starts.
func ParseAppState(raw []byte) (*AppState, error) {
	var parts map[string]json.RawMessage
	if err := json.Unmarshal(raw, &parts); err != nil {
		return nil, fmt.Errorf("app_state: %w", err)
	}
	st := &AppState{Modules: map[string]json.RawMessage{}}
	if dump, ok := parts["state"]; ok {
		if len(parts) != 1 {
			return nil, fmt.Errorf("app_state: an exported state (app_state.state) replaces every module section; found %d other sections", len(parts)-1)
		}
		dec := json.NewDecoder(bytes.NewReader(dump))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&st.State); err != nil || st.State == nil {
			return nil, fmt.Errorf("app_state.state: %v", err)
		}
		return st, nil
	}
	mods := wiring.Modules()
	known := make(map[string]bool, len(mods))
	for _, m := range mods {
		known[m.Name] = true
	}
	for name, part := range parts {
		if !known[name] {
			return nil, fmt.Errorf("app_state: unknown module %q", name)
		}
		st.Modules[name] = part
	}
	return st, nil
}

// Validate checks every module's genesis, in the modules' order (an
// error is prefixed with the module's name), or the exported state.
func (s *AppState) Validate() error {
	if s.State != nil {
		return s.State.Validate()
	}
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
