package api

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"regexp"
	"sync"
	"sync/atomic"
	"time"

	rpcclient "github.com/cometbft/cometbft/rpc/client"
	"github.com/corridor-trade/corridor/formats"
	"github.com/corridor-trade/corridor/x/kit/paths"
	"golang.org/x/net/netutil"
)

// Limits and defaults.
const (
	// MaxTxBody bounds POST /v1/txs (CometBFT's default max_tx_bytes is
	// 1 MiB; base64 adds a third).
	MaxTxBody = 2 << 20
	// MaxCheckBody bounds POST /v1/documents/check by default: the largest
	// document the parsers accept plus room for multipart framing
	// (Options.MaxCheckBytes lowers it).
	MaxCheckBody = formats.MaxDocumentSize + multipartFraming
	// DefaultMaxStreams bounds concurrent event streams.
	DefaultMaxStreams = 32
	// DefaultCommitWait is how long ?wait=commit waits for the block.
	DefaultCommitWait = 30 * time.Second
	// MaxCommitWait bounds ?timeout=.
	MaxCommitWait = 2 * time.Minute
	// StreamBuffer is the per-stream event buffer; a client that falls
	// further behind loses events (and is told so by a "lagged" event).
	StreamBuffer = 64
	// KeepAlive is the interval of SSE comment lines on a quiet stream.
	KeepAlive = 15 * time.Second
)

// Options tune a Server.
type Options struct {
	// Logger receives one line per failed request (never request bodies).
	Logger *slog.Logger
	// MaxStreams bounds concurrent /v1/events streams (default
	// DefaultMaxStreams).
	MaxStreams int
	// KeepAlive overrides the SSE keep-alive interval (default KeepAlive).
	KeepAlive time.Duration
	// MaxChecks bounds document checks in progress (default
	// DefaultMaxChecks); more are answered 503 api/checks_busy.
	MaxChecks int
	// MaxCheckBytes bounds one checked document (default and at most
	// formats.MaxDocumentSize).
	MaxCheckBytes int
	// MaxConns bounds open client connections (default DefaultMaxConns).
	MaxConns int
	// ReadHeaderTimeout and ReadTimeout bound how long a client may take to
	// send its headers, and its whole request (defaults
	// DefaultReadHeaderTimeout, DefaultReadTimeout).
	ReadHeaderTimeout, ReadTimeout time.Duration
}

// Server serves the API over a CometBFT RPC client: in the node, the
// in-process local client.
type Server struct {
	rpc       rpcclient.Client
	log       *slog.Logger
	opts      Options
	mux       *http.ServeMux
	streams   chan struct{}
	checks    chan struct{}
	maxCheck  int64
	keepAlive time.Duration
	subSeq    atomic.Uint64
	done      chan struct{}
	closeOnce sync.Once
	served    []string
}

// Routes lists the endpoints served, as "METHOD /path/{param}".
func (s *Server) Routes() []string { return append([]string(nil), s.served...) }

// New returns a Server that reads and writes through c.
func New(c rpcclient.Client, opts Options) *Server {
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if opts.MaxStreams <= 0 {
		opts.MaxStreams = DefaultMaxStreams
	}
	if opts.KeepAlive <= 0 {
		opts.KeepAlive = KeepAlive
	}
	if opts.MaxChecks <= 0 {
		opts.MaxChecks = DefaultMaxChecks
	}
	if opts.MaxCheckBytes <= 0 || opts.MaxCheckBytes > formats.MaxDocumentSize {
		opts.MaxCheckBytes = formats.MaxDocumentSize
	}
	if opts.MaxConns <= 0 {
		opts.MaxConns = DefaultMaxConns
	}
	if opts.ReadHeaderTimeout <= 0 {
		opts.ReadHeaderTimeout = DefaultReadHeaderTimeout
	}
	if opts.ReadTimeout <= 0 {
		opts.ReadTimeout = DefaultReadTimeout
	}
	s := &Server{rpc: c, log: opts.Logger, opts: opts, mux: http.NewServeMux(), streams: make(chan struct{}, opts.MaxStreams),
		checks: make(chan struct{}, opts.MaxChecks), maxCheck: int64(opts.MaxCheckBytes),
		keepAlive: opts.KeepAlive, done: make(chan struct{})}
	s.routes()
	return s
}

// route registers h for method and path, and a JSON 405 for other methods
// on the same path.
func (s *Server) route(method, path string, h http.HandlerFunc) {
	s.served = append(s.served, method+" "+path)
	s.mux.HandleFunc(method+" "+path, h)
	s.mux.HandleFunc(path, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Allow", method)
		writeAPIError(w, ErrMethod, fmt.Sprintf("%s %s: use %s", r.Method, r.URL.Path, method))
	})
}

func (s *Server) routes() {
	s.route("GET", "/v1/status", s.handleStatus)
	s.healthRoutes() // api/health.go
	s.route("POST", "/v1/txs", s.handleSubmit)
	s.route("GET", "/v1/invoices/{hash}", s.query(func(r *http.Request) (string, error) {
		return path(paths.NameInvoice, seg(r, "hash", reHex64))
	}))
	s.route("GET", "/v1/revocations/{hash}", s.query(func(r *http.Request) (string, error) {
		return path(paths.NameRevocation, seg(r, "hash", reHex64))
	}))
	s.route("GET", "/v1/fingerprints/{fp}", s.query(func(r *http.Request) (string, error) {
		issuer := r.URL.Query().Get("issuer")
		if issuer == "" {
			return "", badRequest("the issuer query parameter is required: fingerprints are per issuer (?issuer=cor1...)")
		}
		return path(paths.NameFingerprint, arg{name: "issuer", value: issuer, re: reAddress}, seg(r, "fp", reHex64))
	}))
	s.route("GET", "/v1/batches/{root}", s.query(func(r *http.Request) (string, error) {
		return path(paths.NameBatch, seg(r, "root", reHex64))
	}))
	s.route("GET", "/v1/payments/{id}", s.query(func(r *http.Request) (string, error) {
		return path(paths.NamePayment, seg(r, "id", rePaymentID))
	}))
	s.route("GET", "/v1/uetr/{uuid}", s.query(func(r *http.Request) (string, error) {
		return path(paths.NameUETR, seg(r, "uuid", reUUID))
	}))
	s.route("GET", "/v1/attestations/{id}", s.query(func(r *http.Request) (string, error) {
		return path(paths.NameAttestation, seg(r, "id", reHex64), asOf(r))
	}))
	s.route("GET", "/v1/subjects/{subject}/attestations", s.query(func(r *http.Request) (string, error) {
		return path(paths.NameAttestations, seg(r, "subject", reSubject), optional("claim", r.URL.Query().Get("claim"), reClaim), asOf(r))
	}))
	s.route("GET", "/v1/recognition/{target}", s.query(func(r *http.Request) (string, error) {
		in := r.URL.Query().Get("in")
		if in == "" {
			return "", badRequest("the in query parameter is required: the jurisdiction asked (?in=SG)")
		}
		return path(paths.NameRecognition, seg(r, "target", reHex64), arg{name: "in", value: in, re: reJurisdiction}, asOf(r))
	}))
	s.route("GET", "/v1/members/{address}", s.query(func(r *http.Request) (string, error) {
		return path(paths.NameMember, seg(r, "address", reAddress))
	}))
	s.route("GET", "/v1/export/rules/{jurisdiction}", s.query(exportRulesPath))
	s.route("GET", "/v1/export/evidence/{id}", s.query(exportEvidencePath))
	s.route("GET", "/v1/export/flows", s.query(exportFlowsPath))
	s.route("GET", "/v1/export/flows/{id}", s.query(exportFlowPath))
	s.route("GET", "/v1/export/counters/{holder}", s.query(exportCountersPath))
	s.route("GET", "/v1/export/reports", s.query(exportReportsPath))
	s.route("GET", "/v1/status/lists/{list}", s.query(statusListPath))
	s.route("GET", "/v1/status/oa/{store}", s.query(statusOAPath))
	s.route("GET", "/v1/titles", s.query(titlesPath))
	s.route("GET", "/v1/titles/{id}", s.query(titlePath))
	s.route("GET", "/v1/legal-effect", s.query(legalEffectPath))
	s.route("GET", "/v1/legal-effect/{jurisdiction}", s.query(legalEffectOnePath))
	s.route("GET", "/v1/certificates/{hash}", s.handleCertificate)
	s.govRoutes()
	s.route("POST", "/v1/documents/check", s.limitChecks(s.handleCheck))
	s.route("POST", "/v1/disclosures/check", s.limitChecks(s.handleDisclosureCheck)) // api/disclosures.go
	s.route("GET", "/v1/events/anchors", s.handleAnchorEvents)
	s.webRoutes() // the page at /web/ and its explorer answers: api/web.go
	s.mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeAPIError(w, ErrNotFound, fmt.Sprintf("no route %s %s; see docs/api.md", r.Method, r.URL.Path))
	})
}

// ServeHTTP implements http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	defer func() {
		if v := recover(); v != nil {
			if v == http.ErrAbortHandler {
				panic(v)
			}
			s.log.Error("api handler panic", "method", r.Method, "path", r.URL.Path, "panic", fmt.Sprint(v))
			st, b := ledgerError(1, "", "internal error")
			writeError(w, st, b)
		}
	}()
	s.mux.ServeHTTP(w, r)
}

// Close ends every open event stream. It does not close the RPC client.
func (s *Server) Close() { s.closeOnce.Do(func() { close(s.done) }) }

// Running is a started HTTP listener.
type Running struct {
	// Addr is the address actually listened on (useful with port 0).
	Addr string
	srv  *http.Server
	api  *Server
	errc chan error
}

// Start listens on addr and serves s in the background, with at most
// Options.MaxConns connections open (the rest wait in the listen backlog)
// and the read timeouts of Options.
func Start(addr string, s *Server) (*Running, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("api: listen on %s: %w", addr, err)
	}
	ln = netutil.LimitListener(ln, s.opts.MaxConns)
	srv := &http.Server{
		Handler:           s,
		ReadHeaderTimeout: s.opts.ReadHeaderTimeout,
		ReadTimeout:       s.opts.ReadTimeout,
		WriteTimeout:      3 * time.Minute, // streams lift it for themselves
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
	}
	r := &Running{Addr: ln.Addr().String(), srv: srv, api: s, errc: make(chan error, 1)}
	go func() {
		err := srv.Serve(ln)
		if errors.Is(err, http.ErrServerClosed) {
			err = nil
		}
		r.errc <- err
	}()
	return r, nil
}

// Stop closes open streams and shuts the listener down, waiting up to
// timeout for requests in flight.
func (r *Running) Stop(timeout time.Duration) error {
	r.api.Close()
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	err := r.srv.Shutdown(ctx)
	if err != nil {
		_ = r.srv.Close()
	}
	if serr := <-r.errc; err == nil {
		err = serr
	}
	return err
}

// Path-segment syntax. Values are checked before they are placed in an ABCI
// query path, so no request can add path segments.
var (
	reHex64        = regexp.MustCompile(`^[0-9a-fA-F]{64}$`)
	rePaymentID    = regexp.MustCompile(`^[0-9a-fA-F]{72}$`)
	reUUID         = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)
	reAddress      = regexp.MustCompile(`^[a-z0-9]{1,20}1[02-9ac-hj-np-z]{6,100}$`)
	reSubject      = regexp.MustCompile(`^([a-z0-9]{1,20}1[02-9ac-hj-np-z]{6,100}|[0-9a-fA-F]{64})$`)
	reClaim        = regexp.MustCompile(`^[a-z][a-z0-9-]{0,31}$`)
	reJurisdiction = regexp.MustCompile(`^[A-Z]{2}(-[A-Z0-9]{1,3})?$`)
	reAsOf         = regexp.MustCompile(`^[0-9A-Za-z:.+-]{1,40}$`)
)

// arg is one checked path argument.
type arg struct {
	name, value string
	re          *regexp.Regexp
	optional    bool
}

// seg returns the path value name of r.
func seg(r *http.Request, name string, re *regexp.Regexp) arg {
	return arg{name: name, value: r.PathValue(name), re: re}
}

// optional is an argument left out of the path when empty.
func optional(name, value string, re *regexp.Regexp) arg {
	return arg{name: name, value: value, re: re, optional: true}
}

// asOf is the optional ?asof= argument, as the queries spell it.
func asOf(r *http.Request) arg {
	v := r.URL.Query().Get("asof")
	if v == "" {
		return arg{name: "asof", optional: true}
	}
	return arg{"asof", v, reAsOf, true}
}

// badRequestError is a request the API refuses before asking the node.
type badRequestError struct{ msg string }

func (e *badRequestError) Error() string { return e.msg }

func badRequest(format string, a ...any) error { return &badRequestError{fmt.Sprintf(format, a...)} }

// path builds an ABCI query path from checked arguments; empty optional
// arguments are left out.
func path(first string, args ...arg) (string, error) {
	p := "/" + first
	for _, a := range args {
		if a.value == "" {
			if a.optional {
				continue
			}
			return "", badRequest("%s is required", a.name)
		}
		if !a.re.MatchString(a.value) {
			return "", badRequest("%s %q is malformed (want %s)", a.name, clip(a.value), a.re.String())
		}
		if a.name == "asof" {
			p = paths.AsOf(p, a.value)
		} else {
			p += "/" + a.value
		}
	}
	return p, nil
}

func clip(s string) string {
	if len(s) > 80 {
		return s[:80] + "..."
	}
	return s
}

// query returns a handler that answers with the JSON of the ABCI query at
// the path mk builds.
func (s *Server) query(mk func(*http.Request) (string, error)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		p, err := mk(r)
		if err != nil {
			writeAPIError(w, ErrBadRequest, err.Error())
			return
		}
		value, height, st, eb := s.abciQuery(r.Context(), p)
		if eb != nil {
			writeError(w, st, eb)
			return
		}
		w.Header().Set("X-Corridor-Height", fmt.Sprint(height))
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusOK)
		_, _ = w.Write(value)
	}
}

// abciQuery runs a query and returns its value and height, or the status
// and body of the error to answer.
func (s *Server) abciQuery(ctx context.Context, p string) ([]byte, int64, int, *ErrorBody) {
	res, err := s.rpc.ABCIQuery(ctx, p, nil)
	if err != nil {
		s.log.Warn("api: query failed", "path", p, "err", err)
		st, b := apiError(ErrNode, "the node did not answer the query: "+err.Error())
		return nil, 0, st, b
	}
	if res.Response.Code != 0 {
		st, b := ledgerError(res.Response.Code, res.Response.Codespace, res.Response.Log)
		b.Height = res.Response.Height
		return nil, res.Response.Height, st, b
	}
	return res.Response.Value, res.Response.Height, http.StatusOK, nil
}

// Status is the answer to GET /v1/status.
type Status struct {
	ChainID           string    `json:"chain_id"`
	Moniker           string    `json:"moniker"`
	LatestBlockHeight int64     `json:"latest_block_height"`
	LatestBlockTime   time.Time `json:"latest_block_time"`
	LatestAppHash     string    `json:"latest_app_hash"`
	CatchingUp        bool      `json:"catching_up"`
}

func (s *Server) handleStatus(w http.ResponseWriter, r *http.Request) {
	st, err := s.rpc.Status(r.Context())
	if err != nil {
		writeAPIError(w, ErrNode, "node status: "+err.Error())
		return
	}
	writeJSON(w, http.StatusOK, Status{ChainID: st.NodeInfo.Network, Moniker: st.NodeInfo.Moniker,
		LatestBlockHeight: st.SyncInfo.LatestBlockHeight, LatestBlockTime: st.SyncInfo.LatestBlockTime.UTC(),
		LatestAppHash: st.SyncInfo.LatestAppHash.String(), CatchingUp: st.SyncInfo.CatchingUp})
}

// decodeJSON decodes one JSON value from b into v, refusing unknown fields
// and trailing data.
func decodeJSON(b []byte, v any) error {
	dec := json.NewDecoder(bytesReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if dec.More() {
		return errors.New("trailing data after the JSON object")
	}
	return nil
}
