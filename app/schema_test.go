package app_test

import (
	"flag"
	"os"
	"strings"
	"testing"

	"github.com/corridor-trade/corridor/app/apptest"
	"github.com/corridor-trade/corridor/codec"
	"github.com/corridor-trade/corridor/tx"
)

var updateSchema = flag.Bool("update", false, "rewrite docs/proto/corridor.proto")

// TestProtoSchemaUpToDate keeps docs/proto/corridor.proto, the published
// description of the transaction encoding, in step with the Go types.
func TestProtoSchemaUpToDate(t *testing.T) {
	h := apptest.New(t)
	names := map[string]any{"Envelope": tx.Envelope{}, "Body": tx.Body{}, "Any": tx.Any{}}
	for typ, msg := range h.App.MessageTypes() {
		names["Msg_"+strings.NewReplacer("/", "_", "-", "_").Replace(typ)] = msg
	}
	want := "// Generated from the Go types by `go test ./app -run TestProtoSchemaUpToDate -update`.\n" +
		"// Corridor's canonical encoding is this protobuf wire format with the extra rules\n" +
		"// of docs/transactions.md (field order, no zero values, minimal varints, ...).\n" +
		"// An Any's type string is the message type name, e.g. \"invoice/anchor\", and its\n" +
		"// value is the message named Msg_<type with / and - as _>.\n\n" +
		"syntax = \"proto3\";\n\npackage corridor.v1;\n\n" + codec.Schema(names)
	const path = "../docs/proto/corridor.proto"
	if *updateSchema {
		os.MkdirAll("../docs/proto", 0o755)
		if err := os.WriteFile(path, []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != want {
		t.Fatalf("%s is out of date: run go test ./app -run TestProtoSchemaUpToDate -update", path)
	}
}
