package formats

import (
	"bytes"
	"crypto/ed25519"
	"encoding/hex"
	"encoding/json"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/mr-tron/base58"
)

// The eddsa-jcs-2022 test vectors of W3C vc-di-eddsa, as named in
// documents/vc/README.md.
const (
	vcFileSigned   = "vc2-eddsa-jcs-2022-signedJCS.json"
	vcFileUnsigned = "vc2-eddsa-unsigned.json"
	vcFileKeyPair  = "vc2-eddsa-keyPair.json"
	vcFileDidKey   = "did-key-ed25519-x25519-test-vectors.json"
)

// jsonTestDecode decodes data strictly, failing the test on error.
func jsonTestDecode(t testing.TB, data []byte) map[string]any {
	t.Helper()
	v, err := decodeStrict(data)
	if err != nil {
		t.Fatalf("decoding: %v", err)
	}
	obj, ok := v.(map[string]any)
	if !ok {
		t.Fatalf("not a JSON object")
	}
	return obj
}

// jsonTestMutate decodes data, applies change to a deep copy and re-encodes it
// (keys come out sorted, which also reorders them).
func jsonTestMutate(t testing.TB, data []byte, change func(obj map[string]any)) []byte {
	t.Helper()
	obj := jsonTestDecode(t, data)
	change(obj)
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", " ")
	if err := enc.Encode(obj); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// jsonTestParseOne parses data and returns its single document.
func jsonTestParseOne(t testing.TB, data []byte) Document {
	t.Helper()
	docs, err := Parse(data)
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	if len(docs) != 1 {
		t.Fatalf("got %d documents, want 1", len(docs))
	}
	return docs[0]
}

// vcTestVector reads a test-vector text file, without trailing white space.
func vcTestVector(t testing.TB, name string) string {
	t.Helper()
	return strings.TrimSpace(string(readJSONSample(t, "vc", name)))
}

// vcTestSigningKey returns the published TEST private key of the vc-di-eddsa
// vectors (multicodec 0x1300, varint 0x80 0x26, followed by the seed).
func vcTestSigningKey(t testing.TB) ed25519.PrivateKey {
	t.Helper()
	kp := jsonTestDecode(t, readJSONSample(t, "vc", vcFileKeyPair))
	mb, _ := getString(kp, "privateKeyMultibase")
	raw, err := decodeMultibaseBase58btc(mb)
	if err != nil || len(raw) != 34 || raw[0] != 0x80 || raw[1] != 0x26 {
		t.Fatalf("unexpected private key encoding: %v", err)
	}
	return ed25519.NewKeyFromSeed(raw[2:])
}

// vcTestResign replaces the credential's proofValue with a fresh signature by key
// over the credential as it now stands.
func vcTestResign(t testing.TB, cred map[string]any, key ed25519.PrivateKey) {
	t.Helper()
	proof := cred["proof"].(map[string]any)
	in, err := eddsaJCSHashData(cred, proof)
	if err != nil {
		t.Fatal(err)
	}
	proof["proofValue"] = "z" + base58.Encode(ed25519.Sign(key, in.HashData()))
}

func TestVCGoldens(t *testing.T) {
	for _, name := range jsonSamples(t, "vc") {
		t.Run(name, func(t *testing.T) {
			data := readJSONSample(t, "vc", name)
			docs, err := Parse(data)
			checkJSONGolden(t, "vc", name, docs, err)
		})
	}
}

func TestVCSampleExpectations(t *testing.T) {
	tests := []struct {
		file    string
		rule    string // expected ParseError rule, or ""
		format  Format
		kind    Kind
		checked bool
		valid   bool
	}{
		{vcFileSigned, "", FormatVC, KindCredential, true, true},
		{vcFileUnsigned, "", FormatVC, KindCredential, false, false},
		{"vc2-eddsa-rdfc-2022-signedDataInt.json", "", FormatVC, KindCredential, false, false},
		{"tradetrust-vc2-transferable-record-ecdsa-sd-signed.json", "", FormatVC, KindCredential, false, false},
		{"vc11-example-1.jsonld", "", FormatVC, KindCredential, false, false},
		{"vc11-example-4.jsonld", "", FormatVC, KindCredential, false, false},
		{"vc11-example-4-bad-missing-issuer.jsonld", RuleVCMissingIssuer, "", "", false, false},
		{"vc11-example-016-jwt-presentation.jsonld", "", FormatVC, KindUnknown, false, false},
		{"did-web-spec-example1-jwk-INVALID-trailing-comma.json", RuleJSONSyntax, "", "", false, false},
		{"did-web-spec-example2-eip155.json", "", FormatRaw, KindUnknown, false, false},
		{vcFileDidKey, "", FormatRaw, KindUnknown, false, false},
		{vcFileKeyPair, "", FormatRaw, KindUnknown, false, false},
		{"vc2-eddsa-jcs-2022-proofConfigJCS.json", RuleVCMissingType, "", "", false, false},
	}
	for _, tc := range tests {
		t.Run(tc.file, func(t *testing.T) {
			docs, err := Parse(readJSONSample(t, "vc", tc.file))
			rule, _ := jsonErrorRule(t, err)
			if rule != tc.rule {
				t.Fatalf("got error %v, want rule %q", err, tc.rule)
			}
			if tc.rule != "" {
				return
			}
			d := docs[0]
			if d.Format != tc.format || d.Kind != tc.kind {
				t.Fatalf("got format %s kind %s, want %s %s", d.Format, d.Kind, tc.format, tc.kind)
			}
			if d.Format != FormatVC {
				return
			}
			if d.Integrity == nil || d.Integrity.Checked != tc.checked || d.Integrity.Valid != tc.valid {
				t.Fatalf("integrity = %+v, want checked %v valid %v", d.Integrity, tc.checked, tc.valid)
			}
			if !d.Integrity.Checked && d.Integrity.Reason == "" {
				t.Error("an unchecked proof must say why")
			}
		})
	}
}

func TestVCCredentialFields(t *testing.T) {
	d := jsonTestParseOne(t, readJSONSample(t, "vc", "tradetrust-vc2-transferable-record-ecdsa-sd-signed.json"))
	want := Credential{
		ID:          "urn:uuid:0198f086-9934-7bb9-aa60-7001d74895e7",
		Types:       []string{"VerifiableCredential"},
		Issuer:      "did:web:disappointed-blush-mouse.playground.fyntech.io",
		ValidFrom:   "2024-04-01T12:19:52Z",
		ValidUntil:  "2029-12-03T12:19:52Z",
		ProofType:   "DataIntegrityProof",
		Cryptosuite: "ecdsa-sd-2023",
		Version:     "2.0",
	}
	if d.Credential == nil || !vcTestCredentialEqual(*d.Credential, want) {
		t.Fatalf("got %+v\nwant %+v", d.Credential, want)
	}
	d = jsonTestParseOne(t, readJSONSample(t, "vc", "vc11-example-4.jsonld"))
	if c := d.Credential; c.Version != "1.1" || c.ValidFrom != "2010-01-01T19:23:24Z" || c.SubjectID != "did:example:ebfeb1f712ebc6f1c276e12ec21" || c.Issuer != "https://example.edu/issuers/14" {
		t.Fatalf("VC 1.1 fields: %+v", c)
	}
	// An issuer object contributes its id.
	data := jsonTestMutate(t, readJSONSample(t, "vc", "vc11-example-4.jsonld"), func(o map[string]any) {
		o["issuer"] = map[string]any{"id": "did:example:issuer", "name": "Example"}
		o["expirationDate"] = "2030-01-01T00:00:00Z"
	})
	d = jsonTestParseOne(t, data)
	if d.Credential.Issuer != "did:example:issuer" || d.Credential.ValidUntil != "2030-01-01T00:00:00Z" {
		t.Fatalf("issuer object / expirationDate: %+v", d.Credential)
	}
}

// vcTestCredentialEqual compares two Credentials field by field.
func vcTestCredentialEqual(a, b Credential) bool {
	return a.ID == b.ID && slices.Equal(a.Types, b.Types) && a.Issuer == b.Issuer && a.SubjectID == b.SubjectID &&
		a.ValidFrom == b.ValidFrom && a.ValidUntil == b.ValidUntil && a.ProofType == b.ProofType &&
		a.Cryptosuite == b.Cryptosuite && a.Version == b.Version
}

func TestEddsaJCS2022IntermediateValues(t *testing.T) {
	signed := jsonTestDecode(t, readJSONSample(t, "vc", vcFileSigned))
	proof := signed["proof"].(map[string]any)
	in, err := eddsaJCSHashData(signed, proof)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := string(in.CanonicalDocument), vcTestVector(t, "vc2-eddsa-jcs-2022-canonDocJCS.txt"); got != want {
		t.Errorf("canonical document\n got %s\nwant %s", got, want)
	}
	if got, want := hex.EncodeToString(in.DocHash[:]), vcTestVector(t, "vc2-eddsa-jcs-2022-docHashJCS.txt"); got != want {
		t.Errorf("docHash got %s want %s", got, want)
	}
	if got, want := string(in.CanonicalProofConfig), vcTestVector(t, "vc2-eddsa-jcs-2022-proofCanonJCS.txt"); got != want {
		t.Errorf("canonical proof config\n got %s\nwant %s", got, want)
	}
	// The published proof configuration canonicalises to the same text.
	pc, err := canonicalJSON(jsonTestDecode(t, readJSONSample(t, "vc", "vc2-eddsa-jcs-2022-proofConfigJCS.json")))
	if err != nil || string(pc) != string(in.CanonicalProofConfig) {
		t.Errorf("proofConfigJCS.json canonicalises to %s (%v)", pc, err)
	}
	if got, want := hex.EncodeToString(in.ProofHash[:]), vcTestVector(t, "vc2-eddsa-jcs-2022-proofHashJCS.txt"); got != want {
		t.Errorf("proofHash got %s want %s", got, want)
	}
	if got, want := hex.EncodeToString(in.HashData()), vcTestVector(t, "vc2-eddsa-jcs-2022-combinedHashJCS.txt"); got != want {
		t.Errorf("combined hash got %s want %s", got, want)
	}
	pv, _ := getString(proof, "proofValue")
	sig, err := decodeMultibaseBase58btc(pv)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := hex.EncodeToString(sig), vcTestVector(t, "vc2-eddsa-jcs-2022-sigHexJCS.txt"); got != want {
		t.Errorf("signature got %s want %s", got, want)
	}
	// The published key pair: its public half is the did:key of the proof,
	// and its private half reproduces the signature (Ed25519 is deterministic).
	kp := jsonTestDecode(t, readJSONSample(t, "vc", vcFileKeyPair))
	pubMB, _ := getString(kp, "publicKeyMultibase")
	vm, _ := getString(proof, "verificationMethod")
	pub, err := publicKeyFromDIDKey(vm)
	if err != nil {
		t.Fatal(err)
	}
	pub2, err := decodeEd25519Multikey(pubMB)
	if err != nil || !pub.Equal(pub2) {
		t.Fatalf("verification method key differs from keyPair.json (%v)", err)
	}
	key := vcTestSigningKey(t)
	if !key.Public().(ed25519.PublicKey).Equal(pub) {
		t.Fatal("private key does not match the public key")
	}
	if got := ed25519.Sign(key, in.HashData()); !bytes.Equal(got, sig) {
		t.Errorf("re-signing gives %x, want %x", got, sig)
	}
	if !ed25519.Verify(pub, in.HashData(), sig) {
		t.Error("signature does not verify")
	}
}

func TestUnsignedCredentialHash(t *testing.T) {
	want := vcTestVector(t, "vc2-eddsa-jcs-2022-docHashJCS.txt")
	for _, name := range []string{vcFileSigned, vcFileUnsigned} {
		h, err := UnsignedCredentialHash(readJSONSample(t, "vc", name))
		if err != nil || h.String() != want {
			t.Errorf("%s: got %s (%v), want %s", name, h, err, want)
		}
	}
	// Without a proof the canonical hash is the unsigned hash.
	if d := jsonTestParseOne(t, readJSONSample(t, "vc", vcFileUnsigned)); d.CanonicalHash.String() != want {
		t.Errorf("unsigned canonical hash %s, want %s", d.CanonicalHash, want)
	}
	if _, err := UnsignedCredentialHash([]byte(`{"a":1}`)); err == nil {
		t.Error("a non-credential was hashed")
	}
}

func TestEddsaJCS2022TamperedFails(t *testing.T) {
	signed := readJSONSample(t, "vc", vcFileSigned)
	otherKey := "did:key:z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp"
	tests := []struct {
		name   string
		change func(o map[string]any)
	}{
		{"claim changed", func(o map[string]any) {
			o["credentialSubject"].(map[string]any)["alumniOf"] = "The School of Counterexamples"
		}},
		{"claim added", func(o map[string]any) { o["extra"] = "x" }},
		{"claim removed", func(o map[string]any) { delete(o, "description") }},
		{"number for string", func(o map[string]any) { o["name"] = json.Number("1") }},
		{"issuer changed", func(o map[string]any) { o["issuer"] = "https://vc.example/issuers/9999" }},
		{"proof created changed", func(o map[string]any) { o["proof"].(map[string]any)["created"] = "2023-02-24T23:36:39Z" }},
		{"other did:key", func(o map[string]any) {
			o["proof"].(map[string]any)["verificationMethod"] = otherKey + "#" + strings.TrimPrefix(otherKey, "did:key:")
		}},
		{"proofValue flipped", func(o map[string]any) {
			p := o["proof"].(map[string]any)
			v := []byte(p["proofValue"].(string))
			if v[10] == 'A' {
				v[10] = 'B'
			} else {
				v[10] = 'A'
			}
			p["proofValue"] = string(v)
		}},
		{"proofValue missing", func(o map[string]any) { delete(o["proof"].(map[string]any), "proofValue") }},
		{"proofValue not multibase", func(o map[string]any) { o["proof"].(map[string]any)["proofValue"] = "u" + "AAAA" }},
		{"proofValue truncated", func(o map[string]any) {
			p := o["proof"].(map[string]any)
			p["proofValue"] = p["proofValue"].(string)[:40]
		}},
		{"proof context differs", func(o map[string]any) {
			o["proof"].(map[string]any)["@context"] = []any{"https://www.w3.org/ns/credentials/v2", "https://example.org/other"}
		}},
		{"fragment names another key", func(o map[string]any) {
			p := o["proof"].(map[string]any)
			vm := p["verificationMethod"].(string)
			did, _, _ := strings.Cut(vm, "#")
			p["verificationMethod"] = did + "#key-1"
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d := jsonTestParseOne(t, jsonTestMutate(t, signed, tc.change))
			if in := d.Integrity; in == nil || !in.Checked || in.Valid || in.Reason == "" {
				t.Fatalf("integrity = %+v, want checked and invalid with a reason", in)
			}
		})
	}
}

func TestEddsaJCS2022UnresolvableMethodIsNotChecked(t *testing.T) {
	data := jsonTestMutate(t, readJSONSample(t, "vc", vcFileSigned), func(o map[string]any) {
		o["proof"].(map[string]any)["verificationMethod"] = "did:web:vc.example#key-1"
	})
	d := jsonTestParseOne(t, data)
	if in := d.Integrity; in.Checked || in.Valid || !strings.Contains(in.Reason, "offline") {
		t.Fatalf("integrity = %+v, want not checked", in)
	}
}

func TestEddsaJCS2022ResignedVariants(t *testing.T) {
	key := vcTestSigningKey(t)
	signed := readJSONSample(t, "vc", vcFileSigned)

	// A proof without its own @context is checked with the document's.
	noCtx := jsonTestMutate(t, signed, func(o map[string]any) {
		delete(o["proof"].(map[string]any), "@context")
		vcTestResign(t, o, key)
		delete(o["proof"].(map[string]any), "@context")
	})
	if d := jsonTestParseOne(t, noCtx); !d.Integrity.Valid {
		t.Errorf("proof without @context: %+v", d.Integrity)
	}

	// A correctly signed proof with the wrong purpose is refused.
	auth := jsonTestMutate(t, signed, func(o map[string]any) {
		o["proof"].(map[string]any)["proofPurpose"] = "authentication"
		vcTestResign(t, o, key)
	})
	if d := jsonTestParseOne(t, auth); !d.Integrity.Checked || d.Integrity.Valid {
		t.Errorf("authentication purpose: %+v", d.Integrity)
	}

	// When the issuer is the signing did:key, no key-binding warning is given;
	// otherwise (as in the published vector) there is one.
	vm := "did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2"
	own := jsonTestMutate(t, signed, func(o map[string]any) {
		o["issuer"] = vm
		vcTestResign(t, o, key)
	})
	d := jsonTestParseOne(t, own)
	if !d.Integrity.Valid || jsonTestHasWarning(d, RuleVCKeyNotIssuer) {
		t.Errorf("issuer = did:key: %+v %+v", d.Integrity, d.Warnings)
	}
	if d := jsonTestParseOne(t, signed); !jsonTestHasWarning(d, RuleVCKeyNotIssuer) {
		t.Errorf("published vector: want a %s warning, got %+v", RuleVCKeyNotIssuer, d.Warnings)
	}

	// A single proof written as a one-element array is verified too.
	arr := jsonTestMutate(t, signed, func(o map[string]any) { o["proof"] = []any{o["proof"]} })
	if d := jsonTestParseOne(t, arr); !d.Integrity.Valid {
		t.Errorf("proof array of one: %+v", d.Integrity)
	}
	// Two proofs are a proof set, which is not checked.
	two := jsonTestMutate(t, signed, func(o map[string]any) { o["proof"] = []any{o["proof"], o["proof"]} })
	if d := jsonTestParseOne(t, two); d.Integrity.Checked || d.Integrity.Valid {
		t.Errorf("proof set: %+v", d.Integrity)
	}
}

// jsonTestHasWarning reports whether d carries a warning with the given rule.
func jsonTestHasWarning(d Document, rule string) bool {
	return slices.ContainsFunc(d.Warnings, func(w Warning) bool { return w.Rule == rule })
}

func TestVCCanonicalHashInvariance(t *testing.T) {
	for _, name := range []string{vcFileSigned, "vc11-example-4.jsonld", "tradetrust-vc2-transferable-record-ecdsa-sd-signed.json"} {
		t.Run(name, func(t *testing.T) {
			data := readJSONSample(t, "vc", name)
			base := jsonTestParseOne(t, data)
			var compact, tabs bytes.Buffer
			if err := json.Compact(&compact, data); err != nil {
				t.Fatal(err)
			}
			if err := json.Indent(&tabs, data, "\t", "\t"); err != nil {
				t.Fatal(err)
			}
			variants := map[string][]byte{
				"compact":         compact.Bytes(),
				"tabs and CRLF":   bytes.ReplaceAll(tabs.Bytes(), []byte("\n"), []byte("\r\n")),
				"sorted keys":     jsonTestMutate(t, data, func(map[string]any) {}),
				"escaped ASCII":   bytes.Replace(data, []byte(`"VerifiableCredential"`), []byte(`"Verifiable\u0043redential"`), 1),
				"byte-order mark": append([]byte("\xef\xbb\xbf"), data...),
			}
			for _, vn := range slices.Sorted(maps.Keys(variants)) {
				d := jsonTestParseOne(t, variants[vn])
				if d.CanonicalHash != base.CanonicalHash {
					t.Errorf("%s: canonical hash changed", vn)
				}
				if d.RawSHA256 == base.RawSHA256 {
					t.Errorf("%s: raw hash did not change", vn)
				}
				if *d.Integrity != *base.Integrity {
					t.Errorf("%s: integrity changed to %+v", vn, d.Integrity)
				}
			}
		})
	}
}

func TestVCCanonicalHashSensitivity(t *testing.T) {
	data := readJSONSample(t, "vc", vcFileSigned)
	base := jsonTestParseOne(t, data)
	changes := map[string]func(o map[string]any){
		"issuer":     func(o map[string]any) { o["issuer"] = "https://vc.example/issuers/5679" },
		"subject":    func(o map[string]any) { o["credentialSubject"].(map[string]any)["alumniOf"] = "x" },
		"validFrom":  func(o map[string]any) { o["validFrom"] = "2023-01-01T00:00:01Z" },
		"proofValue": func(o map[string]any) { o["proof"].(map[string]any)["proofValue"] = "z1" },
		"type order": func(o map[string]any) { o["type"] = []any{"AlumniCredential", "VerifiableCredential"} },
		"new member": func(o map[string]any) { o["x"] = nil },
	}
	for _, name := range slices.Sorted(maps.Keys(changes)) {
		d := jsonTestParseOne(t, jsonTestMutate(t, data, changes[name]))
		if d.CanonicalHash == base.CanonicalHash {
			t.Errorf("%s: canonical hash did not change", name)
		}
	}
}

func TestDidKeyVectors(t *testing.T) {
	vectors := jsonTestDecode(t, readJSONSample(t, "vc", vcFileDidKey))
	n := 0
	for did, v := range vectors {
		// Each vector gives the seed of the key pair; some also give the
		// public key in base58.
		seedHex, _ := getString(v.(map[string]any), "seed")
		seed, err := hex.DecodeString(seedHex)
		if err != nil || len(seed) != ed25519.SeedSize {
			t.Fatalf("%s: bad seed %q", did, seedHex)
		}
		want := ed25519.NewKeyFromSeed(seed).Public().(ed25519.PublicKey)
		vkp, _ := getObject(v.(map[string]any), "verificationKeyPair")
		if b58, ok := getString(vkp, "publicKeyBase58"); ok {
			if raw, err := base58.Decode(b58); err != nil || !bytes.Equal(raw, want) {
				t.Fatalf("%s: publicKeyBase58 does not match the seed", did)
			}
		}
		got, err := publicKeyFromDIDKey(did + "#" + strings.TrimPrefix(did, "did:key:"))
		if err != nil || !bytes.Equal(got, want) {
			t.Errorf("%s: got %x (%v), want %x", did, got, err, want)
		}
		// The X25519 key-agreement key is not an Ed25519 key.
		kak, _ := getObject(v.(map[string]any), "keyAgreementKeyPair")
		id, _ := getString(kak, "id")
		if _, err := decodeEd25519Multikey(strings.TrimPrefix(id, "#")); err == nil {
			t.Errorf("%s: X25519 key accepted as Ed25519", id)
		}
		n++
	}
	if n == 0 {
		t.Fatal("no did:key vectors")
	}
	for _, bad := range []string{"", "z", "zz", "f6Mk", "z6Mk0OIl", "z" + base58.Encode([]byte{0xed, 0x01, 1, 2, 3})} {
		if _, err := decodeEd25519Multikey(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}
