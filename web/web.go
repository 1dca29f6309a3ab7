package web

import (
	"bytes"
	"compress/gzip"
	"embed"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"
	"sync"
	"time"
)

//go:embed static
var files embed.FS

// CSP is the page's Content-Security-Policy: everything from this origin
// only, no inline script or style, WebAssembly compilation allowed
// ('wasm-unsafe-eval'), and fetches only to this origin (the node's API).
const CSP = "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; " +
	"connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

// Static returns the page's files (index.html at the root).
func Static() fs.FS {
	sub, err := fs.Sub(files, "static")
	if err != nil {
		panic(err) // the embed pattern names static: it always exists
	}
	return sub
}

// Built reports whether `make web` has put the verifier in place.
func Built() bool {
	_, err := fs.Stat(Static(), "verifier.wasm")
	return err == nil
}

// Handler serves the page's files under prefix (for example "/web/"),
// with the Content-Security-Policy, and gzip-compressed (compressed once,
// then kept) to clients that accept it.
func Handler(prefix string) http.Handler {
	h := &handler{fsys: Static(), prefix: prefix, gz: map[string][]byte{}}
	return h
}

type handler struct {
	fsys   fs.FS
	prefix string
	mu     sync.Mutex
	gz     map[string][]byte
}

var started = time.Now()

func (h *handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	name := strings.TrimPrefix(r.URL.Path, h.prefix)
	if name == "" || strings.HasSuffix(name, "/") {
		name += "index.html"
	}
	name = path.Clean(name)
	b, err := fs.ReadFile(h.fsys, name)
	hd := w.Header()
	hd.Set("Content-Security-Policy", CSP)
	hd.Set("X-Content-Type-Options", "nosniff")
	hd.Set("Referrer-Policy", "no-referrer")
	if err != nil {
		hd.Set("Content-Type", "text/plain; charset=utf-8")
		w.WriteHeader(http.StatusNotFound)
		w.Write([]byte("not found: " + name + "\n"))
		return
	}
	ct := mime.TypeByExtension(path.Ext(name))
	switch path.Ext(name) {
	case ".wasm":
		ct = "application/wasm"
	case ".js":
		ct = "text/javascript; charset=utf-8"
	}
	if ct == "" {
		ct = "application/octet-stream"
	}
	hd.Set("Content-Type", ct)
	hd.Set("Cache-Control", "no-cache")
	hd.Add("Vary", "Accept-Encoding")
	if strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
		b = h.compressed(name, b)
		hd.Set("Content-Encoding", "gzip")
	}
	http.ServeContent(w, r, "", started, bytes.NewReader(b))
}

// compressed returns the gzip form of file name, computing it once.
func (h *handler) compressed(name string, b []byte) []byte {
	h.mu.Lock()
	defer h.mu.Unlock()
	if z, ok := h.gz[name]; ok {
		return z
	}
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	zw.Write(b)
	zw.Close()
	h.gz[name] = buf.Bytes()
	return h.gz[name]
}
