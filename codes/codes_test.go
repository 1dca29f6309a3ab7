package codes

import (
	"errors"
	"flag"
	"os"
	"regexp"
	"testing"
)

var update = flag.Bool("update", false, "rewrite docs/errors.md from the table")

// ranges are the number ranges each codespace owns.
var ranges = map[string][2]uint32{
	SpaceTx: {1, 19}, SpaceMembership: {20, 39}, SpaceIdentity: {40, 59}, SpaceRecognition: {60, 79},
	SpaceInvoice: {80, 99}, SpacePayment: {100, 119}, SpaceDocking: {120, 139}, SpaceGov: {140, 179}, SpaceExport: {180, 199}, SpaceQuery: {200, 219},
	SpaceClient: {240, 259}, SpaceAPI: {900, 919}, SpaceGenesis: {320, 339}, SpacePlan: {220, 239},
	SpaceStore: {280, 289}, SpaceDisclose: {360, 379}, SpaceStatus: {380, 399}, SpaceTitle: {400, 459},
}

func TestTableIsConsistent(t *testing.T) {
	seenCode := map[uint32]*Error{}
	seenName := map[string]bool{}
	name := regexp.MustCompile(`^[a-z][a-z0-9_]*$`)
	for _, e := range All() {
		if e.Code == 0 {
			t.Errorf("%v: code 0 means success", e)
		}
		if other := seenCode[e.Code]; other != nil {
			t.Errorf("code %d used by %v and %v", e.Code, other, e)
		}
		seenCode[e.Code] = e
		if seenName[e.Error()] {
			t.Errorf("name %s used twice", e)
		}
		seenName[e.Error()] = true
		if !name.MatchString(e.Name) || e.Desc == "" {
			t.Errorf("%v: names are snake_case and every code has a description", e)
		}
		r, ok := ranges[e.Codespace]
		if !ok || e.Code < r[0] || e.Code > r[1] {
			t.Errorf("%v: code %d outside its codespace's range %v", e, e.Code, r)
		}
	}
}

func TestWrapKeepsCode(t *testing.T) {
	err := TxBadSequence.Wrapf("sequence %d", 3)
	if Of(err) != TxBadSequence || !errors.Is(err, TxBadSequence) {
		t.Fatalf("Of(%v) = %v", err, Of(err))
	}
	if Of(errors.New("plain")) != Internal || Of(nil) != nil {
		t.Fatal("uncoded errors must map to Internal, nil to nil")
	}
}

func TestDocsMatchTable(t *testing.T) {
	const path = "../docs/errors.md"
	want := Markdown()
	if *update {
		if err := os.WriteFile(path, []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != want {
		t.Fatalf("%s is out of date with codes/table.go: run go test ./codes -update", path)
	}
}
