package title_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/corridor-trade/corridor/crypto/secp"
	"github.com/corridor-trade/corridor/x/kit/paths"
	"github.com/corridor-trade/corridor/x/title"
)

// TestViewJSONOmitsUnsetAddresses: the title query's JSON (what `query
// title -o json` and GET /v1/titles/{id} answer) leaves out an address
// that is not set — the nominee outside nominated, prev outside the
// reversible states, the from_holder and from_owner — instead of
// showing the zero address, and shows it once it is set. (The state is
// untouched: codec reads only the wire tags.)
func TestViewJSONOmitsUnsetAddresses(t *testing.T) {
	e := newEnv(t)
	zero := secp.Address{}.String()
	answer := func(id string) string {
		t.Helper()
		v, err := title.Queries()[paths.NameTitle](e.KV, []string{id})
		if err != nil {
			t.Fatal(err)
		}
		b, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	keys := func(s string) map[string]json.RawMessage {
		t.Helper()
		var m map[string]json.RawMessage
		if err := json.Unmarshal([]byte(s), &m); err != nil {
			t.Fatal(err)
		}
		return m
	}

	id := e.reach(title.StateActive)
	got := answer(id.String())
	if strings.Contains(got, zero) {
		t.Fatalf("an active record's JSON shows the zero address %s:\n%s", zero, got)
	}
	m := keys(got)
	for _, k := range []string{"nominee", "prev", "field_root"} {
		if _, ok := m[k]; ok {
			t.Fatalf("an active record's JSON has %q:\n%s", k, got)
		}
	}
	for _, k := range []string{"issuer", "owner", "holder", "history"} {
		if _, ok := m[k]; !ok {
			t.Fatalf("an active record's JSON lacks %q:\n%s", k, got)
		}
	}
	if strings.Contains(got, `"from_holder"`) || strings.Contains(got, `"from_owner"`) || !strings.Contains(got, `"to_holder"`) {
		t.Fatalf("the issue's history entry:\n%s", got)
	}

	nominated := e.reach(title.StateNominated)
	got = answer(nominated.String())
	if !strings.Contains(got, `"nominee":"`+e.a("sg-bank").String()+`"`) || strings.Contains(got, zero) {
		t.Fatalf("a nominated record's JSON lacks its nominee or shows the zero address:\n%s", got)
	}

	transferred := e.reach(title.StateTransferred)
	got = answer(transferred.String())
	if !strings.Contains(got, `"prev":{"holder":"`+e.a("sh-shipper").String()+`","owner":"`+e.a("sh-shipper").String()+`"}`) {
		t.Fatalf("a transferred record's JSON lacks prev:\n%s", got)
	}

}
