package api_test

import (
	"bytes"
	"fmt"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/corridor-trade/corridor/formats"
	"github.com/corridor-trade/corridor/internal/testdocs"
)

// bigEDIFACT is one INVOIC message of about size bytes: line items with
// long free texts, the shape that costs the parser most per byte within its
// segment limit.
func bigEDIFACT(size int) []byte {
	var b strings.Builder
	b.WriteString("UNB+UNOA:3+005435656:1+006415160:1+060515:1434+778'\nUNH+1+INVOIC:D:97B:UN'\nBGM+380+342459+9'\n" +
		"DTM+3:20060515:102'\nNAD+BY+792820524::16++BUYER'\nNAD+SE+005435656::16++SELLER'\nCUX+1:USD'\n")
	segs, line := 6, 1
	for b.Len() < size-200 {
		fmt.Fprintf(&b, "LIN+%d++157870:IN'\nFTX+AAI+++%s'\n", line, strings.Repeat("A", 70))
		line++
		segs += 2
	}
	fmt.Fprintf(&b, "UNS+S'\nMOA+39:%d'\nUNT+%d+1'\nUNZ+1+778'\n", line-1, segs+3)
	return []byte(b.String())
}

// bigUBL is the Peppol sample with its first invoice line repeated to about
// size bytes.
func bigUBL(t testing.TB, size int) []byte {
	s := testdocs.Read(t, "ubl/peppol-bis3-base-example.xml")
	start := bytes.Index(s, []byte("<cac:InvoiceLine>"))
	end := bytes.Index(s, []byte("</cac:InvoiceLine>")) + len("</cac:InvoiceLine>")
	line := s[start:end]
	n := (size - len(s)) / len(line)
	return append(append(append([]byte(nil), s[:start]...), bytes.Repeat(line, n)...), s[end:]...)
}

// peakHeap runs f and returns the largest growth of the live heap seen by
// sampling it every millisecond (a lower bound of the true peak).
func peakHeap(f func()) uint64 {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	base, peak := ms.HeapAlloc, uint64(0)
	stop, done := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(done)
		var m runtime.MemStats
		for {
			runtime.ReadMemStats(&m)
			if m.HeapAlloc > base && m.HeapAlloc-base > peak {
				peak = m.HeapAlloc - base
			}
			select {
			case <-stop:
				return
			case <-time.After(time.Millisecond):
			}
		}
	}()
	f()
	close(stop)
	<-done
	return peak
}

// BenchmarkCheckPeakMemory measures the peak heap of parsing the largest
// documents a check accepts, the memory one check holds: run with
// go test ./api -run '^$' -bench CheckPeakMemory -benchtime 3x. The
// figures set api.CheckMemoryFactor and the advice in docs/api.md.
func BenchmarkCheckPeakMemory(b *testing.B) {
	for name, data := range map[string][]byte{
		"edifact-8MiB": bigEDIFACT(formats.MaxDocumentSize - 1024),
		"ubl-8MiB":     bigUBL(b, formats.MaxDocumentSize-1024),
	} {
		b.Run(name, func(b *testing.B) {
			var worst uint64
			for i := 0; i < b.N; i++ {
				var err error
				p := peakHeap(func() { _, err = formats.Parse(data) })
				if err != nil {
					b.Fatalf("%s does not parse: %v", name, err)
				}
				worst = max(worst, p)
			}
			b.ReportMetric(float64(worst)/(1<<20), "peak-MiB")
			b.ReportMetric(float64(worst)/float64(len(data)), "x-size")
		})
	}
}
