package proof_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	rpchttp "github.com/cometbft/cometbft/rpc/client/http"
	"github.com/corridor-trade/corridor/proof"
	"github.com/corridor-trade/corridor/proof/fetch"
	"github.com/corridor-trade/corridor/x/invoice"
)

// lie alters one JSON-RPC exchange: params of the request before it is
// forwarded, result of the answer before it is returned. Either may be nil.
type lie struct {
	request func(method string, params map[string]any)
	answer  func(method string, params, result map[string]any)
}

// lyingNode is an RPC server in front of a real node that forwards every
// JSON-RPC request and alters what the lie says.
func lyingNode(t *testing.T, node string, l lie) *httptest.Server {
	t.Helper()
	target := "http://" + strings.TrimPrefix(node, "tcp://")
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		var req map[string]any
		if err := json.Unmarshal(body, &req); err != nil {
			http.Error(w, "not JSON-RPC", http.StatusBadRequest)
			return
		}
		method, _ := req["method"].(string)
		params, _ := req["params"].(map[string]any)
		if l.request != nil && params != nil {
			l.request(method, params)
			body, _ = json.Marshal(req)
		}
		resp, err := http.Post(target, "application/json", bytes.NewReader(body))
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadGateway)
			return
		}
		defer resp.Body.Close()
		out, _ := io.ReadAll(resp.Body)
		var ans map[string]any
		if json.Unmarshal(out, &ans) == nil {
			if res, ok := ans["result"].(map[string]any); ok && l.answer != nil {
				l.answer(method, params, res)
				out, _ = json.Marshal(ans)
			}
		}
		w.Header().Set("Content-Type", "application/json")
		w.Write(out)
	}))
	t.Cleanup(srv.Close)
	return srv
}

func flipBase64(s string, at func(n int) int) string {
	b, _ := base64.StdEncoding.DecodeString(s)
	if len(b) == 0 {
		return s
	}
	b[at(len(b))] ^= 1
	return base64.StdEncoding.EncodeToString(b)
}

// storeQueryFor reports whether an abci_query asks /store for key.
func storeQueryFor(method string, params map[string]any, key []byte) bool {
	if method != "abci_query" || params["path"] != "/store" {
		return false
	}
	data, _ := params["data"].(string)
	return strings.EqualFold(data, hex.EncodeToString(key))
}

// testLyingNodes runs against the scenario's network: each lie must be
// caught by the verifier with a reason naming what did not match.
func testLyingNodes(t *testing.T, s *scenario) {
	invKey := invoice.InvoiceKey(s.doc)
	cases := []struct {
		name   string
		lie    lie
		check  string
		reason string // regular expression
	}{
		{"wrong value", lie{answer: func(m string, p, res map[string]any) {
			if storeQueryFor(m, p, invKey) {
				r := res["response"].(map[string]any)
				r["value"] = flipBase64(r["value"].(string), func(n int) int { return n - 2 })
			}
		}}, proof.CheckProofs, "the value differs from the value the proof commits to"},
		{"wrong value with a matching proof value", lie{answer: func(m string, p, res map[string]any) {
			if storeQueryFor(m, p, invKey) {
				// Change the value inside the proof too: the root no longer matches.
				r := res["response"].(map[string]any)
				ops := r["proofOps"].(map[string]any)["ops"].([]any)
				op := ops[0].(map[string]any)
				pb, _ := base64.StdEncoding.DecodeString(op["data"].(string))
				val, _ := base64.StdEncoding.DecodeString(r["value"].(string))
				i := bytes.Index(pb, val)
				if i < 0 {
					panic("value not found in proof")
				}
				pb[i+len(val)-2] ^= 1
				val[len(val)-2] ^= 1
				op["data"] = base64.StdEncoding.EncodeToString(pb)
				r["value"] = base64.StdEncoding.EncodeToString(val)
			}
		}}, proof.CheckProofs, "does not lead to app hash"},
		{"wrong proof", lie{answer: func(m string, p, res map[string]any) {
			if storeQueryFor(m, p, invKey) {
				op := res["response"].(map[string]any)["proofOps"].(map[string]any)["ops"].([]any)[0].(map[string]any)
				op["data"] = flipBase64(op["data"].(string), func(n int) int { return n - 3 })
			}
		}}, proof.CheckProofs, "does not lead to app hash|does not decode"},
		{"proofs of another height", lie{request: func(m string, p map[string]any) {
			if m == "abci_query" && p["path"] == "/store" {
				p["height"] = "3"
			}
		}}, proof.CheckProofs, "does not lead to app hash|does not hold against app hash"},
		{"header from another chain", lie{answer: func(m string, p, res map[string]any) {
			if m == "commit" {
				res["signed_header"].(map[string]any)["header"].(map[string]any)["chain_id"] = "corridor-evil-1"
			}
		}}, proof.CheckHeader, `chain "corridor-evil-1"`},
		{"another app hash in the header", lie{answer: func(m string, p, res map[string]any) {
			if m == "commit" {
				h := res["signed_header"].(map[string]any)["header"].(map[string]any)
				h["app_hash"] = strings.Repeat("AB", 32)
			}
		}}, proof.CheckHeader, "does not match its commit"},
		{"too few signatures", lie{answer: func(m string, p, res map[string]any) {
			if m == "commit" {
				sigs := res["signed_header"].(map[string]any)["commit"].(map[string]any)["signatures"].([]any)
				kept := false
				for i, s := range sigs {
					if s.(map[string]any)["block_id_flag"].(float64) == 2 && !kept {
						kept = true
						continue
					}
					sigs[i] = map[string]any{"block_id_flag": 1, "validator_address": "", "timestamp": "0001-01-01T00:00:00Z", "signature": nil}
				}
			}
		}}, proof.CheckHeader, "insufficient voting power"},
		{"validator set that does not match", lie{answer: func(m string, p, res map[string]any) {
			if m == "validators" {
				res["validators"].([]any)[0].(map[string]any)["voting_power"] = "30"
			}
		}}, proof.CheckHeader, "the validator set given .* is not the one header"},
	}
	ctx := context.Background()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srv := lyingNode(t, s.net.Nodes[1].RPC, tc.lie)
			rpc, err := rpchttp.New(srv.URL, "/websocket")
			if err != nil {
				t.Fatal(err)
			}
			cert, err := fetch.Build(ctx, rpc, s.doc, fetch.Options{})
			if err != nil {
				t.Fatalf("build through the lying node: %v", err)
			}
			v := mustVerify(t, cert, s.trust, proof.Options{File: s.file})
			if v.Valid {
				t.Fatal("the lie was not caught")
			}
			l := v.Line(tc.check)
			if l == nil || l.OK || !regexp.MustCompile(tc.reason).MatchString(l.Detail) {
				var sb strings.Builder
				v.WriteText(&sb)
				t.Fatalf("want %s to fail with /%s/; verdict:\n%s", tc.check, tc.reason, sb.String())
			}
			t.Logf("%s: %s", l.Label, l.Detail)
		})
	}
	// The same proxy with no lie passes: the failures above are the lies'.
	srv := lyingNode(t, s.net.Nodes[1].RPC, lie{})
	rpc, _ := rpchttp.New(srv.URL, "/websocket")
	cert, err := fetch.Build(ctx, rpc, s.doc, fetch.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if v := mustVerify(t, cert, s.trust, proof.Options{File: s.file}); !v.Valid {
		t.Fatalf("an honest proxy fails: %+v", v.Failed())
	}
}
