package api_test

import (
	"encoding/json"
	"sort"
	"strconv"
	"testing"

	"github.com/corridor-trade/corridor/anchorplan"
	"github.com/corridor-trade/corridor/crypto/secp"
	"github.com/corridor-trade/corridor/proof"
	"github.com/corridor-trade/corridor/x/invoice"
	"github.com/corridor-trade/corridor/x/kit"
	"github.com/corridor-trade/corridor/x/title"
	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/routers"
)

// checkDeclared fails t when a real JSON answer of route with status has a
// field its docs/openapi.yaml schema does not declare. Schema validation
// alone accepts any extra field (the schemas do not forbid additional
// properties), so a field the server started sending could be missing
// from the spec unnoticed; this walks the body against the schema instead.
// An object schema that declares no properties (type: object, or {}) is
// free-form and not walked.
func checkDeclared(t testing.TB, route *routers.Route, status int, body []byte, method, url string) {
	t.Helper()
	if route == nil || route.Operation == nil || route.Operation.Responses == nil {
		return
	}
	resp := route.Operation.Responses.Status(status)
	if resp == nil {
		resp = route.Operation.Responses.Default()
	}
	if resp == nil || resp.Value == nil {
		return
	}
	mt := resp.Value.Content.Get("application/json")
	if mt == nil || mt.Schema == nil {
		return
	}
	var v any
	if json.Unmarshal(body, &v) != nil {
		return // not JSON: the schema validation reports it
	}
	var missing []string
	undeclared(mt.Schema.Value, v, "$", &missing)
	if len(missing) > 0 {
		sort.Strings(missing)
		t.Fatalf("%s %s: status %d answer has fields docs/openapi.yaml does not declare: %v\nbody: %s", method, url, status, missing, body)
	}
}

// undeclared appends to out the path of every field of v that schema s
// does not declare.
func undeclared(s *openapi3.Schema, v any, at string, out *[]string) {
	if s == nil {
		return
	}
	switch x := v.(type) {
	case []any:
		items := itemsOf(s)
		if items == nil {
			return
		}
		for i, e := range x {
			undeclared(items, e, at+"["+strconv.Itoa(i)+"]", out)
		}
	case map[string]any:
		props, extra, free := propertiesOf(s)
		if free {
			return
		}
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			switch p, ok := props[k]; {
			case ok:
				undeclared(p, x[k], at+"."+k, out)
			case extra != nil:
				undeclared(extra, x[k], at+"."+k, out)
			default:
				*out = append(*out, at+"."+k)
			}
		}
	}
}

// propertiesOf returns the properties s declares, with those of its allOf,
// oneOf and anyOf parts; the schema of additional properties, if any; and
// whether s is free-form (declares no properties, or allows any
// additional one).
func propertiesOf(s *openapi3.Schema) (props map[string]*openapi3.Schema, extra *openapi3.Schema, free bool) {
	props = map[string]*openapi3.Schema{}
	var walk func(s *openapi3.Schema)
	walk = func(s *openapi3.Schema) {
		for k, p := range s.Properties {
			if p != nil && p.Value != nil {
				props[k] = p.Value
			}
		}
		if ap := s.AdditionalProperties; ap.Schema != nil && ap.Schema.Value != nil {
			extra = ap.Schema.Value
		} else if ap.Has != nil && *ap.Has {
			free = true
		}
		for _, parts := range []openapi3.SchemaRefs{s.AllOf, s.OneOf, s.AnyOf} {
			for _, p := range parts {
				if p != nil && p.Value != nil {
					walk(p.Value)
				}
			}
		}
	}
	walk(s)
	return props, extra, free || (len(props) == 0 && extra == nil)
}

// itemsOf returns the schema of the items of array schema s (looking into
// its allOf, oneOf and anyOf parts), or nil.
func itemsOf(s *openapi3.Schema) *openapi3.Schema {
	if s.Items != nil && s.Items.Value != nil {
		return s.Items.Value
	}
	for _, parts := range []openapi3.SchemaRefs{s.AllOf, s.OneOf, s.AnyOf} {
		for _, p := range parts {
			if p != nil && p.Value != nil {
				if it := itemsOf(p.Value); it != nil {
					return it
				}
			}
		}
	}
	return nil
}

// TestUndeclaredFindsMissingFields: the walk reports a field a schema does
// not declare, at any depth and through $ref, arrays and allOf, and leaves
// free-form objects alone.
func TestUndeclaredFindsMissingFields(t *testing.T) {
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromData([]byte(`
openapi: 3.0.3
info: {title: t, version: "1"}
paths: {}
components:
  schemas:
    Stamp:
      type: object
      properties:
        height: {type: integer}
    Answer:
      type: object
      properties:
        id: {type: string}
        issued: {$ref: "#/components/schemas/Stamp"}
        free: {type: object}
        any: {}
        tags: {type: object, additionalProperties: {type: object, properties: {n: {type: integer}}}}
        list:
          type: array
          items:
            allOf:
              - {type: object, properties: {a: {type: string}}}
              - {type: object, properties: {b: {type: string}}}
`))
	if err != nil {
		t.Fatal(err)
	}
	s := doc.Components.Schemas["Answer"].Value
	for _, tc := range []struct {
		body string
		want []string
	}{
		{`{"id":"x","issued":{"height":1},"free":{"anything":1},"any":{"x":[1]},"tags":{"k":{"n":1}},"list":[{"a":"1","b":"2"}]}`, nil},
		{`{"id":"x","move":{"seq":1}}`, []string{"$.move"}},
		{`{"issued":{"height":1,"time":"2026-01-01T00:00:00Z"}}`, []string{"$.issued.time"}},
		{`{"list":[{"a":"1"},{"c":"3"}]}`, []string{"$.list[1].c"}},
		{`{"tags":{"k":{"n":1,"m":2}}}`, []string{"$.tags.k.m"}},
	} {
		var v any
		if err := json.Unmarshal([]byte(tc.body), &v); err != nil {
			t.Fatal(err)
		}
		var got []string
		undeclared(s, v, "$", &got)
		if len(got) != len(tc.want) || (len(got) > 0 && got[0] != tc.want[0]) {
			t.Errorf("%s: undeclared %v, want %v", tc.body, got, tc.want)
		}
	}
}

// TestSchemasDeclareEveryField: answers the network tests cannot easily
// produce (a record that moved between chains, a certificate with status
// and an attestation, a verdict with a revoked line) are built with every
// field set and checked against their docs/openapi.yaml schemas: valid,
// and no field undeclared.
func TestSchemasDeclareEveryField(t *testing.T) {
	doc, _ := loadSpec(t, "http://127.0.0.1:1318")
	a, b := secp.Address{1}, secp.Address{2}
	h := kit.Hash{0xab}
	at := kit.Stamp{Height: 7, TimeUnix: 1_700_000_000_000_000_000}
	leg := title.Leg{Jurisdiction: "SG", LegalEffect: true, Law: "ETA 2021", Since: "2021-03-19", PaperFallback: true, Note: "n", Source: "s", AsOf: "2026-01-01", Line: "✓ SG"}
	view := title.View{
		Record: title.Record{ID: h, Kind: title.KindEBL, DocHash: h, FieldRoot: h, Issuer: a, Owner: a, Holder: b, State: title.StateAway,
			Nominee: b, Prev: title.Prev{Holder: a, Owner: a},
			Import:    &title.Import{Token: title.TokenRef{ChainID: 1, Registry: "0x9eb613a88534e2939518f4ffbfe65f5969b491ff", TokenID: h, Network: "ETH"}, MerkleRoot: h},
			Reference: "SHCAR-1", Issued: at,
			History: []title.HistoryEntry{{Step: title.StepTransfer, By: a, FromHolder: a, ToHolder: b, FromOwner: a, ToOwner: b, State: title.StateTransferred, At: at, Reason: "r"}},
			Move:    &title.Move{Role: title.RoleOrigin, Seq: 1, Chain: "corridor-1", Recipient: b, Sent: at, Arrived: at, ProvedAt: 9}},
		Allowed: []string{title.StepTransfer}, Route: []title.Leg{leg}, AsOf: "2026-01-01T00:00:00Z",
	}
	cert := proof.Certificate{Format: proof.FormatVersion, ChainID: "corridor-1", Height: 5,
		Document: proof.DocumentRef{Hash: h.String(), Profile: "ubl-2.1",
			Batch: &anchorplan.Member{DocHash: h, File: "a.xml", Root: h, Index: 1, Path: []invoice.Hash{h}, FieldRoot: h}},
		Records: []proof.Record{{Kind: "invoice", Key: []byte{1}, Exists: true, Value: []byte{2}, Proof: []byte{3}, Decoded: json.RawMessage(`{"x":1}`)}},
		Status: &proof.StatusRef{Lists: []proof.ListRef{{ListCredential: "https://x.example/status/1", Purpose: "revocation", Index: 3, Size: 2, Version: 2, ListHash: h.String()}},
			OA: &proof.OARef{Store: "0xabc", Targets: []string{h.String()}}},
		Attestation: h.String(),
	}
	verdict := proof.DisclosureVerdict{Verdict: proof.Verdict{Kind: proof.KindCredential, Revoked: true, ChainID: "corridor-1", Height: 5, BlockTime: at.Time(), Document: h.String(), Trust: "genesis",
		Lines: []proof.Line{{Check: proof.CheckCredentialStatus, Label: "credential status (revocation)", NA: true, Revoked: true, Detail: "REVOKED"}}},
		Profile: "ubl-2.1", Count: 3, Disclosed: []proof.DisclosedField{{ID: "1", Name: "n", Value: "v"}}, Code: "disclose/x"}
	for _, tc := range []struct {
		schema string
		v      any
	}{{"Title", view}, {"Certificate", cert}, {"DisclosureVerdict", verdict}} {
		body, err := json.Marshal(tc.v)
		if err != nil {
			t.Fatal(err)
		}
		var v any
		if err := json.Unmarshal(body, &v); err != nil {
			t.Fatal(err)
		}
		s := doc.Components.Schemas[tc.schema].Value
		if err := s.VisitJSON(v); err != nil {
			t.Errorf("%s: not valid by docs/openapi.yaml: %v\n%s", tc.schema, err, body)
		}
		var missing []string
		undeclared(s, v, "$", &missing)
		if len(missing) > 0 {
			t.Errorf("%s: fields docs/openapi.yaml does not declare: %v\n%s", tc.schema, missing, body)
		}
	}
}
