package app_test

import (
	"strings"
	"testing"

	"github.com/corridor-trade/corridor/app"
)

// TestAppStateRefusals checks the genesis app_state errors now that every
// module, membership included, decodes its own entry: each bad genesis is
// refused, with the module's name first.
func TestAppStateRefusals(t *testing.T) {
	for _, tc := range []struct{ state, want string }{
		{`{}`, "membership: app_state has no membership entry"},
		{`{"membership":{"bogus":1}}`, `membership: json: unknown field "bogus"`},
		{`{"membership":{},"x":{}}`, `app_state: unknown module "x"`},
		{`{"membership":null}`, "membership: genesis defines no jurisdiction"},
		{`[]`, "app_state: json: cannot unmarshal array"},
	} {
		st, err := app.ParseAppState([]byte(tc.state))
		if err == nil {
			err = st.Validate()
		}
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: got %v, want an error containing %q", tc.state, err, tc.want)
		}
	}
}
