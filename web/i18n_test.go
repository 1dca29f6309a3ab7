package web_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// TestEveryVerdictLineHasWords: every check id the verifier can put on a
// verdict line (a Check… constant of proof/) has a label and a failure
// reason in each of the page's languages, so the page never shows a bare
// key such as "credential-status"; and each language has the summaries
// app.js asks for, the disclosure's among them.
func TestEveryVerdictLineHasWords(t *testing.T) {
	checks := proofChecks(t)
	if len(checks) < 15 {
		t.Fatalf("found only %d check ids in proof/: %v", len(checks), checks)
	}
	src, err := os.ReadFile(repoFile(t, "web/static/i18n.js"))
	if err != nil {
		t.Fatal(err)
	}
	langs := regexp.MustCompile(`(?m)^  "([A-Za-z-]+)": \{$`).FindAllStringSubmatchIndex(string(src), -1)
	if len(langs) != 3 {
		t.Fatalf("want 3 languages in i18n.js, found %d", len(langs))
	}
	for i, m := range langs {
		lang := string(src[m[2]:m[3]])
		end := len(src)
		if i+1 < len(langs) {
			end = langs[i+1][0]
		}
		block := string(src[m[1]:end])
		for _, group := range []string{"check", "reason"} {
			keys := groupKeys(t, block, group)
			for _, c := range checks {
				if !keys[c] {
					t.Errorf("%s: i18n.js has no %s words for the verdict line %q", lang, group, c)
				}
			}
		}
		for _, key := range []string{"valid", "validNA", "validCredential", "invalid", "invalidCredential", "revoked", "na",
			"validDisclosure", "disclosureCode", "disclosedHeading", "disclosureBad", "disclosureLoaded",
			"disclosureHeading", "disclosureHelp", "disclosurePick", "colField", "colFieldId", "colValue",
			"oaLoaded", "validOA", "oaHeading", "statusHeading", "statusHelp", "statusPick", "statusLoaded", "statusBad", "statusNotProven"} {
			if !regexp.MustCompile(`\b` + key + `: "`).MatchString(block) {
				t.Errorf("%s: i18n.js has no %s", lang, key)
			}
		}
	}
	js, err := os.ReadFile(repoFile(t, "web/static/app.js"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(js), `t("validCredential"`) {
		t.Error("app.js does not use the credential summary")
	}
	if !strings.Contains(string(js), `call("corridorDisclosure"`) || !strings.Contains(string(js), `t("validDisclosure"`) {
		t.Error("app.js does not check disclosures with the verifier or lacks their summary")
	}
	if !strings.Contains(string(js), `t("validOA"`) || !strings.Contains(string(js), `call("corridorVerify", state.cert, trust, state.doc || undefined, state.lists)`) {
		t.Error("app.js lacks the OpenAttestation summary or does not pass the status lists to the verifier")
	}
}

// proofChecks returns the values of the string constants named Check… in
// proof/'s non-test files, sorted.
func proofChecks(t *testing.T) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(repoFile(t, "proof"), "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	fset := token.NewFileSet()
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		file, err := parser.ParseFile(fset, f, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range file.Decls {
			g, ok := d.(*ast.GenDecl)
			if !ok || g.Tok != token.CONST {
				continue
			}
			for _, spec := range g.Specs {
				vs := spec.(*ast.ValueSpec)
				for i, name := range vs.Names {
					if !strings.HasPrefix(name.Name, "Check") || i >= len(vs.Values) {
						continue
					}
					if lit, ok := vs.Values[i].(*ast.BasicLit); ok && lit.Kind == token.STRING {
						v, _ := strconv.Unquote(lit.Value)
						seen[v] = true
					}
				}
			}
		}
	}
	out := make([]string, 0, len(seen))
	for c := range seen {
		out = append(out, c)
	}
	sort.Strings(out)
	return out
}

// groupKeys returns the keys of the object `group: { … }` in one
// language's block of i18n.js.
func groupKeys(t *testing.T, block, group string) map[string]bool {
	t.Helper()
	start := strings.Index(block, "\n    "+group+": {")
	if start < 0 {
		t.Fatalf("no %s group", group)
	}
	end := strings.Index(block[start:], "\n    }")
	if end < 0 {
		t.Fatalf("the %s group does not end", group)
	}
	keys := map[string]bool{}
	for _, m := range regexp.MustCompile(`"([a-z-]+)":`).FindAllStringSubmatch(block[start:start+end], -1) {
		keys[m[1]] = true
	}
	return keys
}
