package formats

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

// ediFuzzSeeds are inline seeds for the EDIFACT fuzz tests: small
// interchanges that reach the UNA, release, repetition, group and error
// paths.
var ediFuzzSeeds = []string{
	"UNA:+.?*'UNB+UNOW:4+S+R+1:1+R1'UNH+1+INVOIC:D:14B:UN'BGM+380+A?+B'DTM+137:20240131:102'MOA+9:1,5'UNT+4+1'UNZ+1+R1'",
	"UNB+UNOA:3+S+R+1:1+R1'UNH+1+INVOIC:D:96A:UN'BGM+381+X*Y'LIN+1'UNS+S'UNT+5+1'UNZ+1+R1'",
	"UNA=*.? ~UNB*UNOA=3*006?415160=1~UNH*1*INVOIC=D=97B=UN~NAD*SE*1==16**N~UNT*3*1~UNZ*1*1~",
	"UNA:+,? '\r\nUNB+UNOC:2+S+R'\r\nUNG+INVOIC+S+R+1:1+G'\r\nUNH+1+INVOIC:D:93A:UN'\r\nMOA+128:1,0:EUR'\r\nUNT+3+1'\r\nUNE+1+G'\r\nUNZ+1+R'",
	"UNH+1+INVOIC:D:14B:UN'UNT+2+1'UNH+2+INVOIC:D:14B:UN'UNT+2+2'",
	"UNH+1+ORDERS:D:96A:UN'UNT+2+1'",
	"UNA:+.?*'UNB+UNOW:4'UNH+1+INVOIC'BGM+380+1*2:3**'UNT",
	"UNA:+",
	"UNB+UNOA:3+?",
	"UNB+UNOA:4+a'\n\n'",
}

// ediAddSampleSeeds adds the shared EDIFACT samples to the corpus when they
// are present; the fuzz tests run without them otherwise.
func ediAddSampleSeeds(f *testing.F) {
	dir := os.Getenv("CORRIDOR_TESTDATA")
	if dir == "" {
		dir = filepath.Join("..", "..", "..", "..", "shared", "testdata")
	}
	paths, _ := filepath.Glob(filepath.Join(dir, "documents", "edifact", "*"))
	for _, p := range paths {
		if ext := filepath.Ext(p); ext != ".edi" && ext != ".TXT" && ext != ".txt" {
			continue
		}
		if data, err := os.ReadFile(p); err == nil {
			f.Add(data)
		}
	}
}

// FuzzParseEDIFACT checks that parsing never panics, is deterministic, and
// that the canonical form of every message is a fixed point: wrapped in a
// fresh envelope it parses to the same canonical form and hash.
func FuzzParseEDIFACT(f *testing.F) {
	for _, s := range ediFuzzSeeds {
		f.Add([]byte(s))
	}
	ediAddSampleSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		docs, canon, err := parseEDIFACTCanonical(data)
		docs2, canon2, err2 := parseEDIFACTCanonical(data)
		if (err == nil) != (err2 == nil) || (err != nil && err.Error() != err2.Error()) {
			t.Fatalf("non-deterministic error: %v / %v", err, err2)
		}
		if !reflect.DeepEqual(docs, docs2) || !reflect.DeepEqual(canon, canon2) {
			t.Fatal("non-deterministic result")
		}
		if err != nil {
			if _, ok := err.(*ParseError); !ok {
				t.Fatalf("error %T is not a *ParseError", err)
			}
			if docs != nil {
				t.Fatal("documents returned with an error")
			}
			return
		}
		if len(docs) == 0 || len(docs) != len(canon) {
			t.Fatalf("%d documents, %d canonical forms", len(docs), len(canon))
		}
		for i, d := range docs {
			if d.Format != FormatEDIFACT || d.Profile != ProfileEDIFACT || d.Invoice == nil {
				t.Fatalf("document %d: %+v", i, d)
			}
			if d.CanonicalHash != sha256.Sum256(canon[i]) {
				t.Fatalf("document %d: hash is not the SHA-256 of the canonical form", i)
			}
			again := append([]byte("UNA:+.?*'UNB+UNOW:4+S+R+1:1+R1'"), canon[i]...)
			again = append(again, "UNZ+1+R1'"...)
			d2, c2, err := parseEDIFACTCanonical(again)
			if err != nil {
				t.Fatalf("document %d: canonical form does not parse: %v\n%q", i, err, canon[i])
			}
			if len(c2) != 1 || !bytes.Equal(c2[0], canon[i]) || d2[0].CanonicalHash != d.CanonicalHash {
				t.Fatalf("document %d: canonical form is not a fixed point:\n%q\n%q", i, canon[i], c2)
			}
		}
	})
}

// FuzzTokenizeEDIFACT checks that tokenizing never panics, is deterministic,
// and that tokenized segments written back with the default separators
// tokenize to the same segments.
func FuzzTokenizeEDIFACT(f *testing.F) {
	for _, s := range ediFuzzSeeds {
		f.Add([]byte(s))
	}
	ediAddSampleSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		toks, err := tokenizeEDIFACT(data)
		toks2, err2 := tokenizeEDIFACT(data)
		if (err == nil) != (err2 == nil) || !reflect.DeepEqual(toks, toks2) {
			t.Fatal("non-deterministic result")
		}
		if err != nil {
			return
		}
		for _, s := range toks.Segments {
			if !ediValidTag(s) || len(s.Elements) == 0 || s.Elements[0][0][0] != s.Tag {
				t.Fatalf("segment %d has a bad tag %q", s.Index, s.Tag)
			}
		}
		out := ediSerialise(toks.Segments, ediDefaultDelims, "\n", false)
		back, err := tokenizeEDIFACT(out)
		if err != nil {
			t.Fatalf("re-serialised input does not tokenize: %v\n%q", err, out)
		}
		if ediRenderExact(back.Segments) != ediRenderExact(toks.Segments) {
			t.Fatalf("round trip changed the segments:\n%q\n%q", ediRenderExact(toks.Segments), ediRenderExact(back.Segments))
		}
	})
}

// ediRenderExact renders segments' values unambiguously for comparison.
func ediRenderExact(segs []ediSegment) string {
	var b bytes.Buffer
	for _, s := range segs {
		for _, e := range s.Elements {
			b.WriteString("E")
			for _, r := range e {
				b.WriteString("R")
				for _, c := range r {
					fmt.Fprintf(&b, "C%d:%s", len(c), c)
				}
			}
		}
		b.WriteString("S")
	}
	return b.String()
}
