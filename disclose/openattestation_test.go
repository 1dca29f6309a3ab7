package disclose_test

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/crypto/sha3"

	"github.com/corridor-trade/corridor/disclose"
	"github.com/corridor-trade/corridor/formats"
	"github.com/corridor-trade/corridor/internal/testdocs"
)

// oaSamples returns the shared OpenAttestation samples by file name.
func oaSamples(t *testing.T) map[string][]byte {
	t.Helper()
	dir := filepath.Join(testdocs.Dir(t), "openattestation")
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]byte{}
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".json") {
			b, err := os.ReadFile(filepath.Join(dir, e.Name()))
			if err != nil {
				t.Fatal(err)
			}
			out[e.Name()] = b
		}
	}
	return out
}

// jsStringify writes v as JavaScript's JSON.stringify does for the values
// OpenAttestation hashes (no HTML escaping, no white space).
func jsStringify(t *testing.T, v any) []byte {
	t.Helper()
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		t.Fatal(err)
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n"))
}

// obfuscate hides the data field at the flattened key path (a string leaf
// whose parent object keeps other members) as open-attestation's
// obfuscateDocument does: the leaf is removed and keccak256 of
// JSON.stringify({path: value}) is added to privacy.obfuscatedData. It
// reports false when the path is not such a leaf.
func obfuscate(t *testing.T, doc map[string]any, path string) bool {
	t.Helper()
	parts := strings.Split(path, ".")
	cur, _ := doc["data"].(map[string]any)
	for _, p := range parts[:len(parts)-1] {
		next, ok := cur[p].(map[string]any)
		if !ok {
			return false
		}
		cur = next
	}
	last := parts[len(parts)-1]
	v, ok := cur[last].(string)
	if !ok || len(cur) < 2 {
		return false
	}
	delete(cur, last)
	k := sha3.NewLegacyKeccak256()
	k.Write(jsStringify(t, map[string]any{path: v}))
	privacy, _ := doc["privacy"].(map[string]any)
	if privacy == nil {
		privacy = map[string]any{}
		doc["privacy"] = privacy
	}
	list, _ := privacy["obfuscatedData"].([]any)
	privacy["obfuscatedData"] = append(list, hex.EncodeToString(k.Sum(nil)))
	return true
}

// TestOpenAttestationMapsOntoTheSameFields: every wrapped OpenAttestation
// sample that verifies gives, through FromOpenAttestation, the same field
// ids, names and values as Fields; hiding a field with OpenAttestation's
// own obfuscation keeps the anchored root and drops exactly that field;
// and changing any visible salted value fails with a code.
func TestOpenAttestationMapsOntoTheSameFields(t *testing.T) {
	checked := 0
	for name, raw := range oaSamples(t) {
		docs, err := formats.Parse(raw)
		if err != nil || docs[0].Integrity == nil || !docs[0].Integrity.Checked {
			continue // raw (unwrapped) documents carry no targetHash
		}
		res, err := disclose.FromOpenAttestation(raw)
		if !docs[0].Integrity.Valid {
			if !errors.Is(err, disclose.ErrOAInvalid) {
				t.Fatalf("%s fails its own check, but FromOpenAttestation says %v", name, err)
			}
			continue
		}
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		checked++
		fields, err := disclose.Fields(&docs[0])
		if err != nil {
			t.Fatal(err)
		}
		if len(fields) != len(res.Fields) || res.DocHash != docs[0].CanonicalHash {
			t.Fatalf("%s: %d fields from Fields, %d from FromOpenAttestation", name, len(fields), len(res.Fields))
		}
		for i := range fields {
			if fields[i] != res.Fields[i] {
				t.Fatalf("%s: field %d differs: %+v vs %+v", name, i, fields[i], res.Fields[i])
			}
		}

		// Hide one field as OpenAttestation does.
		var doc map[string]any
		if err := json.Unmarshal(raw, &doc); err != nil {
			t.Fatal(err)
		}
		hidden := ""
		for _, f := range res.Fields {
			if obfuscate(t, doc, f.Name) {
				hidden = f.ID
				break
			}
		}
		if hidden == "" {
			t.Fatalf("%s: no field could be obfuscated", name)
		}
		obf, err := disclose.FromOpenAttestation(jsStringify(t, doc))
		if err != nil {
			t.Fatalf("%s: obfuscated copy: %v", name, err)
		}
		if obf.DocHash != res.DocHash || obf.Count != res.Count || obf.Obfuscated != res.Obfuscated+1 || len(obf.Fields) != len(res.Fields)-1 {
			t.Fatalf("%s: obfuscating %s gave root %x count %d obfuscated %d", name, hidden, obf.DocHash, obf.Count, obf.Obfuscated)
		}
		for _, f := range obf.Fields {
			if f.ID == hidden {
				t.Fatalf("%s: %s is still visible", name, hidden)
			}
		}

		// Every visible salted value changed in one byte fails.
		salted := regexp.MustCompile(`"[0-9a-f-]{36}:(string|number|boolean):([^"\\]+)"`)
		for _, loc := range salted.FindAllSubmatchIndex(raw, -1) {
			changed := bytes.Clone(raw)
			changed[loc[5]-1] ^= 0x01
			if _, err := disclose.FromOpenAttestation(changed); !errors.Is(err, disclose.ErrOAInvalid) && !errors.Is(err, disclose.ErrMalformed) {
				t.Fatalf("%s: a changed value at byte %d gave %v", name, loc[5]-1, err)
			}
		}
	}
	if checked == 0 {
		t.Fatal("no wrapped OpenAttestation sample verified")
	}
	t.Logf("%d wrapped OpenAttestation samples checked", checked)
}

// TestOpenAttestationRefusals: other documents and unwrapped ones get codes.
func TestOpenAttestationRefusals(t *testing.T) {
	if _, err := disclose.FromOpenAttestation([]byte("plain bytes")); !errors.Is(err, disclose.ErrUnsupportedProfile) {
		t.Fatalf("raw bytes: %v", err)
	}
	raw := oaSamples(t)["oa-v2-raw-document.json"]
	if raw == nil {
		t.Skip("oa-v2-raw-document.json is not among the samples")
	}
	if _, err := disclose.FromOpenAttestation(raw); !errors.Is(err, disclose.ErrOAInvalid) {
		t.Fatalf("unwrapped: %v", err)
	}
}
