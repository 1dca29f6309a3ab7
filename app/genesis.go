package app

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/corridor-trade/corridor/x/membership"
)

// AppState is the app_state section of genesis.json: one part per module.
type AppState struct {
	Membership membership.Genesis
	// Modules holds the raw app_state entry of every other module, by name.
	Modules map[string]json.RawMessage
	// State, app_state.state, is an exported chain's whole state
	// (app/statedump.go); when present no module section may be.
	State *StateDump
}

// ParseAppState decodes app_state strictly: unknown fields are errors, so a
// typo in genesis is caught before the chain starts.
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
	known := map[string]bool{"membership": true}
	for _, m := range modules() {
		known[m.Name] = true
	}
	for name, part := range parts {
		if !known[name] {
			return nil, fmt.Errorf("app_state: unknown module %q", name)
		}
		if name != "membership" {
			st.Modules[name] = part
		}
	}
	dec := json.NewDecoder(bytes.NewReader(parts["membership"]))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&st.Membership); err != nil {
		return nil, fmt.Errorf("app_state.membership: %w", err)
	}
	return st, nil
}

// Validate checks every module's genesis, or the exported state.
func (s *AppState) Validate() error {
	if s.State != nil {
		return s.State.Validate()
	}
	if err := s.Membership.Validate(); err != nil {
		return fmt.Errorf("membership: %w", err)
	}
	for _, m := range modules() {
		if m.ValidateGenesis == nil {
			continue
		}
		if err := m.ValidateGenesis(s.Modules[m.Name]); err != nil {
			return fmt.Errorf("%s: %w", m.Name, err)
		}
	}
	return nil
}
