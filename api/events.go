package api

import (
	"context"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"time"

	abci "github.com/cometbft/cometbft/abci/types"
	ctypes "github.com/cometbft/cometbft/rpc/core/types"
	cmttypes "github.com/cometbft/cometbft/types"
)

// AnchorEvent is one anchor, as sent on GET /v1/events/anchors.
type AnchorEvent struct {
	Type         string `json:"type"` // "invoice" (one document) or "batch" (a Merkle root)
	Hash         string `json:"hash"` // the document hash, or the batch root
	Issuer       string `json:"issuer"`
	Jurisdiction string `json:"jurisdiction,omitempty"`
	Profile      string `json:"profile,omitempty"`
	Count        string `json:"count,omitempty"` // documents in a batch
	Height       int64  `json:"height"`
	TxHash       string `json:"tx_hash"`
}

// anchorQueries are the event-bus queries of a party's anchors.
func anchorQueries(party string) []string {
	return []string{
		fmt.Sprintf("tm.event = 'Tx' AND invoice.action = 'anchored' AND invoice.issuer = '%s'", party),
		fmt.Sprintf("tm.event = 'Tx' AND invoice_batch.action = 'anchored' AND invoice_batch.issuer = '%s'", party),
	}
}

// handleAnchorEvents streams a party's anchors as server-sent events until
// the client goes away or the server closes. Each anchor is an event named
// "anchor" whose data is an AnchorEvent; the event id is
// "<height>-<tx hash>-<n>". A "lagged" event says events were dropped
// because the client read too slowly.
func (s *Server) handleAnchorEvents(w http.ResponseWriter, r *http.Request) {
	party := r.URL.Query().Get("party")
	if !reAddress.MatchString(party) {
		writeAPIError(w, ErrBadRequest, "the party query parameter must be a member address (?party=cor1...)")
		return
	}
	select {
	case s.streams <- struct{}{}:
		defer func() { <-s.streams }()
	default:
		writeAPIError(w, ErrBusy, fmt.Sprintf("at most %d event streams may be open; try again later", cap(s.streams)))
		return
	}
	rc := http.NewResponseController(w)
	subscriber := fmt.Sprintf("corridor-api-%d", s.subSeq.Add(1))
	var chans []<-chan ctypes.ResultEvent
	ctx := r.Context()
	defer func() {
		uctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = s.rpc.UnsubscribeAll(uctx, subscriber)
	}()
	for _, q := range anchorQueries(party) {
		ch, err := s.rpc.Subscribe(ctx, subscriber, q, StreamBuffer)
		if err != nil {
			writeAPIError(w, ErrNode, "subscribe to events: "+err.Error())
			return
		}
		chans = append(chans, ch)
	}
	// A stream outlives the server's read and write timeouts: lift them for
	// this connection (an expired read deadline would cancel the request).
	_ = rc.SetReadDeadline(time.Time{})
	_ = rc.SetWriteDeadline(time.Time{})
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-cache")
	h.Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)
	if _, err := fmt.Fprintf(w, ": anchors of %s\nretry: 3000\n\n", party); err != nil {
		return
	}
	if rc.Flush() != nil {
		return
	}
	merged := make(chan anyEvent, StreamBuffer)
	lagged := make(chan struct{}, 1)
	for _, ch := range chans {
		go forward(ctx, s.done, ch, merged, lagged)
	}
	sent := newRecent(256)
	ping := time.NewTicker(s.keepAlive)
	defer ping.Stop()
	for {
		var err error
		select {
		case <-ctx.Done():
			return
		case <-s.done:
			return
		case <-ping.C:
			_, err = fmt.Fprint(w, ": keep-alive\n\n")
		case <-lagged:
			_, err = fmt.Fprint(w, "event: lagged\ndata: {\"message\":\"events were dropped because this client read too slowly\"}\n\n")
		case ev := <-merged:
			// A transaction that matches both queries arrives twice.
			if sent.add(string(cmttypes.Tx(ev.tx).Hash())) {
				err = writeAnchors(w, party, ev)
			}
		}
		if err == nil {
			err = rc.Flush()
		}
		if err != nil {
			return
		}
	}
}

// anyEvent is an event with the data the stream needs.
type anyEvent struct {
	height int64
	tx     []byte
	events []abci.Event
}

// forward copies a subscription's transaction events to out without ever
// blocking on out: when out is full, the event is dropped and lagged is
// signalled. It ends with the request or the server (the subscription's
// channel is never closed).
func forward(ctx context.Context, done <-chan struct{}, in <-chan ctypes.ResultEvent, out chan<- anyEvent, lagged chan<- struct{}) {
	for {
		select {
		case <-ctx.Done():
			return
		case <-done:
			return
		case ev := <-in:
			d, ok := ev.Data.(cmttypes.EventDataTx)
			if !ok {
				continue
			}
			select {
			case out <- anyEvent{height: d.Height, tx: d.Tx, events: d.Result.Events}:
			default:
				select {
				case lagged <- struct{}{}:
				default:
				}
			}
		}
	}
}

// writeAnchors writes one SSE event per anchor of party in ev.
func writeAnchors(w http.ResponseWriter, party string, ev anyEvent) error {
	sum := cmttypes.Tx(ev.tx).Hash()
	txHash := strings.ToUpper(hex.EncodeToString(sum))
	n := 0
	for _, e := range ev.events {
		a := AnchorEvent{Height: ev.height, TxHash: txHash}
		attrs := map[string]string{}
		for _, at := range e.Attributes {
			attrs[at.Key] = at.Value
		}
		if attrs["action"] != "anchored" || attrs["issuer"] != party {
			continue
		}
		switch e.Type {
		case "invoice":
			a.Type, a.Hash = "invoice", attrs["hash"]
		case "invoice_batch":
			a.Type, a.Hash, a.Count = "batch", attrs["root"], attrs["count"]
		default:
			continue
		}
		a.Issuer, a.Jurisdiction, a.Profile = attrs["issuer"], attrs["jurisdiction"], attrs["profile"]
		b, err := json.Marshal(a)
		if err != nil {
			return err
		}
		if _, err := fmt.Fprintf(w, "event: anchor\nid: %d-%s-%d\ndata: %s\n\n", ev.height, txHash, n, b); err != nil {
			return err
		}
		n++
	}
	return nil
}

// recent is a bounded set of recently seen keys.
type recent struct {
	keys  map[string]bool
	order []string
	max   int
}

func newRecent(n int) *recent { return &recent{keys: map[string]bool{}, max: n} }

// add records k and reports whether it was new.
func (r *recent) add(k string) bool {
	if r.keys[k] {
		return false
	}
	if len(r.order) == r.max {
		delete(r.keys, r.order[0])
		r.order = r.order[1:]
	}
	r.keys[k] = true
	r.order = append(r.order, k)
	return true
}
