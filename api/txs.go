package api

import (
	"bytes"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"
	"time"

	"github.com/corridor-trade/corridor/client"
	"github.com/corridor-trade/corridor/codes"
	"github.com/corridor-trade/corridor/tx"
)

// TxResult is the answer to POST /v1/txs.
type TxResult struct {
	Hash      string `json:"hash"` // upper-case hex SHA-256 of the transaction bytes
	Code      uint32 `json:"code"`
	Codespace string `json:"codespace,omitempty"`
	Error     string `json:"error,omitempty"`
	Log       string `json:"log,omitempty"`
	Height    int64  `json:"height,omitempty"`
	Committed bool   `json:"committed"`
}

// txRequest is the JSON form of a submission.
type txRequest struct {
	Tx string `json:"tx"` // base64 (standard or URL alphabet, padding optional)
}

func bytesReader(b []byte) io.Reader { return bytes.NewReader(b) }

// readBody reads at most limit bytes of r's body; a larger body is an error
// already answered.
func readBody(w http.ResponseWriter, r *http.Request, limit int64) ([]byte, bool) {
	r.Body = http.MaxBytesReader(w, r.Body, limit)
	b, err := io.ReadAll(r.Body)
	if err != nil {
		return nil, bodyError(w, err)
	}
	return b, true
}

// decodeBase64 accepts standard or URL-safe base64, padded or not.
func decodeBase64(s string) ([]byte, error) {
	s = strings.TrimSpace(s)
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding} {
		if b, err := enc.DecodeString(s); err == nil {
			return b, nil
		}
	}
	return nil, errors.New("not base64")
}

// txBytes extracts the transaction bytes from a submission: a raw body
// (application/octet-stream), a JSON object {"tx": base64}
// (application/json), or base64 text (text/plain, or no content type).
func txBytes(r *http.Request, body []byte) ([]byte, *APIError, string) {
	ct := r.Header.Get("Content-Type")
	mt := ""
	if ct != "" {
		var err error
		if mt, _, err = mime.ParseMediaType(ct); err != nil {
			return nil, ErrMediaType, "Content-Type " + clip(ct) + " is malformed"
		}
	}
	switch mt {
	case "application/octet-stream":
		return body, nil, ""
	case "application/json":
		var req txRequest
		if err := decodeJSON(body, &req); err != nil {
			return nil, ErrBadRequest, "JSON body: " + err.Error() + ` (want {"tx": "<base64>"})`
		}
		b, err := decodeBase64(req.Tx)
		if err != nil {
			return nil, ErrBadRequest, "tx is not base64"
		}
		return b, nil, ""
	case "", "text/plain":
		b, err := decodeBase64(string(body))
		if err != nil {
			return nil, ErrBadRequest, "body is not base64; send raw bytes as application/octet-stream"
		}
		return b, nil, ""
	}
	return nil, ErrMediaType, "Content-Type " + clip(mt) + ": use application/octet-stream, application/json or text/plain"
}

func (s *Server) handleSubmit(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	wait := time.Duration(0)
	switch q.Get("wait") {
	case "", "none", "sync":
	case "commit":
		wait = DefaultCommitWait
		if t := q.Get("timeout"); t != "" {
			d, err := time.ParseDuration(t)
			if err != nil || d <= 0 || d > MaxCommitWait {
				writeAPIError(w, ErrBadRequest, fmt.Sprintf("timeout %q: want a duration such as 10s, at most %s", clip(t), MaxCommitWait))
				return
			}
			wait = d
		}
	default:
		writeAPIError(w, ErrBadRequest, "wait must be commit, sync or none")
		return
	}
	body, ok := readBody(w, r, MaxTxBody)
	if !ok {
		return
	}
	raw, aerr, msg := txBytes(r, body)
	if aerr != nil {
		writeAPIError(w, aerr, msg)
		return
	}
	if len(raw) == 0 {
		writeAPIError(w, ErrBadRequest, "empty transaction")
		return
	}
	hash := tx.Hash(raw)
	res := &TxResult{Hash: strings.ToUpper(hex.EncodeToString(hash[:]))}
	if limit := s.maxTxBytes(r); limit > 0 && uint64(len(raw)) > limit {
		writeTxTooLarge(w, res.Hash, fmt.Sprintf("%d bytes exceeds %d (params.max_tx_bytes)", len(raw), limit))
		return
	}
	b, err := s.rpc.BroadcastTxSync(r.Context(), raw)
	switch {
	case err != nil && client.InMempoolCache(err):
		// The same bytes were submitted before (a client retrying): the
		// node has them, in its mempool or already committed. Submitting
		// is idempotent: answer as for the first submission.
		res.Log = "already submitted"
		s.committed(r, hash[:], res)
	case err != nil && strings.Contains(strings.ToLower(err.Error()), "tx too large"):
		// The mempool's own max_tx_bytes (config.toml) is below the chain's.
		writeTxTooLarge(w, res.Hash, "the node's mempool refuses it: "+err.Error())
		return
	case err != nil:
		s.log.Warn("api: broadcast failed", "tx", res.Hash, "err", err)
		st, eb := apiError(ErrNode, "broadcast: "+err.Error())
		eb.Hash = res.Hash
		writeError(w, st, eb)
		return
	default:
		res.Code, res.Codespace, res.Log = b.Code, b.Codespace, b.Log
		if res.Code != 0 {
			// The same bytes may be committed already (a retry after the
			// block, whose sequence is now spent): the committed result is
			// the answer, whatever its code.
			s.committed(r, hash[:], res)
		}
	}
	if res.Code == 0 && wait > 0 && !res.Committed {
		if !s.waitCommit(r, hash[:], res, wait) {
			st, eb := apiError(ErrCommitTimeout, fmt.Sprintf("transaction %s was accepted but not committed within %s", res.Hash, wait))
			eb.Hash = res.Hash
			writeError(w, st, eb)
			return
		}
	}
	if res.Code != 0 {
		st, eb := ledgerError(res.Code, res.Codespace, res.Log)
		eb.Hash, eb.Height = res.Hash, res.Height
		writeError(w, st, eb)
		return
	}
	writeJSON(w, http.StatusOK, res)
}

// waitCommit polls for the committed result of hash until wait passes, the
// request ends or the server closes. It reports whether the result came.
func (s *Server) waitCommit(r *http.Request, hash []byte, res *TxResult, wait time.Duration) bool {
	deadline := time.NewTimer(wait)
	defer deadline.Stop()
	tick := time.NewTicker(150 * time.Millisecond)
	defer tick.Stop()
	for {
		if s.committed(r, hash, res) {
			return true
		}
		select {
		case <-deadline.C:
			return false
		case <-r.Context().Done():
			return false
		case <-s.done:
			return false
		case <-tick.C:
		}
	}
}

// committed looks hash up in the node's transaction index and, when the
// transaction is in a block, sets res to its committed result (whatever its
// code) and reports true.
func (s *Server) committed(r *http.Request, hash []byte, res *TxResult) bool {
	t, err := s.rpc.Tx(r.Context(), hash, false)
	if err != nil {
		return false
	}
	res.Code, res.Codespace, res.Log, res.Height, res.Committed = t.TxResult.Code, t.TxResult.Codespace, t.TxResult.Log, t.Height, true
	res.Error = ""
	if res.Code != 0 {
		if ce := codes.ByCode(res.Code); ce != nil {
			res.Error = ce.Error()
		}
	}
	return true
}

// maxTxBytes returns the chain's params.max_tx_bytes as committed state
// says, or 0 when the node does not answer (the node then judges).
func (s *Server) maxTxBytes(r *http.Request) uint64 {
	res, err := s.rpc.ABCIQuery(r.Context(), "/params", nil)
	if err != nil || res.Response.Code != 0 {
		return 0
	}
	var p struct {
		MaxTxBytes uint64 `json:"max_tx_bytes"`
	}
	if json.Unmarshal(res.Response.Value, &p) != nil {
		return 0
	}
	return p.MaxTxBytes
}

// writeTxTooLarge answers 413 tx/too_large for a transaction over the size
// limit, with its hash.
func writeTxTooLarge(w http.ResponseWriter, hash, msg string) {
	st, eb := ledgerError(codes.TxTooLarge.Code, codes.TxTooLarge.Codespace, codes.TxTooLarge.Error()+": "+msg)
	eb.Hash = hash
	writeError(w, st, eb)
}
