package api

import (
	"fmt"
	"net/http"
	"time"
)

// Defaults of the limits Options sets (config/app.toml [api] repeats them).
const (
	// DefaultMaxChecks bounds document checks in progress. Parsing holds
	// up to about CheckMemoryFactor times the document in memory.
	DefaultMaxChecks = 4
	// DefaultMaxConns bounds open client connections.
	DefaultMaxConns = 256
	// DefaultReadHeaderTimeout bounds how long request headers may take.
	DefaultReadHeaderTimeout = 10 * time.Second
	// DefaultReadTimeout bounds how long a whole request, headers and
	// body, may take.
	DefaultReadTimeout = time.Minute
	// CheckMemoryFactor is the measured peak heap of parsing a document, as
	// a multiple of its size (BenchmarkCheckPeakMemory: about 17 for an
	// 8 MiB EDIFACT interchange, 26 for an 8 MiB UBL invoice), rounded up.
	CheckMemoryFactor = 32
	// checkRetryAfter is the Retry-After of a busy answer, in seconds.
	checkRetryAfter = "1"
)

// limitChecks admits at most cap(s.checks) document checks at once. One
// over the limit is answered 503 api/checks_busy at once, before its body
// is read, so waiting requests hold no memory. A body announced larger
// than the limit is refused before a slot is taken.
func (s *Server) limitChecks(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if r.ContentLength > s.maxCheck+multipartFraming {
			writeAPIError(w, ErrTooLarge, fmt.Sprintf("request body of %d bytes exceeds the %d-byte document limit", r.ContentLength, s.maxCheck))
			return
		}
		select {
		case s.checks <- struct{}{}:
			defer func() { <-s.checks }()
		default:
			w.Header().Set("Retry-After", checkRetryAfter)
			writeAPIError(w, ErrChecksBusy, fmt.Sprintf("%d document checks are in progress, the most this node runs at once; retry shortly", cap(s.checks)))
			return
		}
		h(w, r)
	}
}

// multipartFraming is the room left for multipart framing around a
// document.
const multipartFraming = 64 << 10
