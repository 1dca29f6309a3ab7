package api

import (
	"encoding/json"
	"errors"
	"net/http"

	"github.com/corridor-trade/corridor/codes"
)

// SpaceAPI is the codespace of errors raised by the API itself rather than
// by the ledger. Its codes are in the one table (codes/table.go), above
// every ledger code, and never appear on chain.
const SpaceAPI = codes.SpaceAPI

// APIError is an error raised by the API layer: a table entry and its HTTP
// status.
type APIError struct {
	Status int
	*codes.Error
}

// The API's own errors.
var (
	ErrBadRequest    = &APIError{http.StatusBadRequest, codes.APIBadRequest}
	ErrNotFound      = &APIError{http.StatusNotFound, codes.APIRouteNotFound}
	ErrMethod        = &APIError{http.StatusMethodNotAllowed, codes.APIMethodNotAllowed}
	ErrTooLarge      = &APIError{http.StatusRequestEntityTooLarge, codes.APIBodyTooLarge}
	ErrMediaType     = &APIError{http.StatusUnsupportedMediaType, codes.APIMediaType}
	ErrMalformedDoc  = &APIError{http.StatusUnprocessableEntity, codes.APIMalformedDoc}
	ErrNode          = &APIError{http.StatusBadGateway, codes.APINodeUnavailable}
	ErrBusy          = &APIError{http.StatusServiceUnavailable, codes.APITooManyStreams}
	ErrCommitTimeout = &APIError{http.StatusGatewayTimeout, codes.APICommitTimeout}
	ErrChecksBusy    = &APIError{http.StatusServiceUnavailable, codes.APIChecksBusy}
	ErrBodyTimeout   = &APIError{http.StatusRequestTimeout, codes.APIBodyTimeout}
	apiErrors        = []*APIError{ErrBadRequest, ErrNotFound, ErrMethod, ErrTooLarge, ErrMediaType, ErrMalformedDoc, ErrNode, ErrBusy, ErrCommitTimeout,
		ErrChecksBusy, ErrBodyTimeout}
	errUnknownCodeSpace = "unknown"
)

// APIErrors returns the API's own error table, for documentation tests.
func APIErrors() []*APIError { return append([]*APIError(nil), apiErrors...) }

// ErrorBody is the JSON body of every error response.
type ErrorBody struct {
	Code      uint32 `json:"code"`
	Codespace string `json:"codespace"`
	Error     string `json:"error"`   // codespace/name
	Message   string `json:"message"` // what went wrong, for people
	// Rule and Where locate a malformed document (check endpoint only).
	Rule   string `json:"rule,omitempty"`
	Where  string `json:"where,omitempty"`
	Format string `json:"format,omitempty"`
	// Hash is the transaction hash when a submitted transaction failed.
	Hash   string `json:"hash,omitempty"`
	Height int64  `json:"height,omitempty"`
}

// apiError builds an error body of the API's own codespace.
func apiError(e *APIError, msg string) (int, *ErrorBody) {
	return e.Status, &ErrorBody{Code: e.Code, Codespace: SpaceAPI, Error: SpaceAPI + "/" + e.Name, Message: msg}
}

// ledgerError builds an error body for a ledger (codespace, code) pair,
// with the HTTP status that fits it.
func ledgerError(code uint32, codespace, log string) (int, *ErrorBody) {
	b := &ErrorBody{Code: code, Codespace: codespace, Message: log}
	ce := codes.ByCode(code)
	if ce != nil {
		b.Error = ce.Error()
		if b.Codespace == "" {
			b.Codespace = ce.Codespace
		}
	} else {
		if b.Codespace == "" {
			b.Codespace = errUnknownCodeSpace
		}
		b.Error = b.Codespace + "/unknown"
	}
	return statusOf(ce), b
}

// statusOf maps a ledger error to an HTTP status.
func statusOf(ce *codes.Error) int {
	switch {
	case ce == nil:
		return http.StatusBadGateway
	case errors.Is(ce, codes.Internal):
		return http.StatusInternalServerError
	case errors.Is(ce, codes.QueryNotFound), errors.Is(ce, codes.InvoiceNotFound), errors.Is(ce, codes.InvoiceBatchNotFound),
		errors.Is(ce, codes.IdentityNotFound), errors.Is(ce, codes.MemberNotFound), errors.Is(ce, codes.RecognitionRuleNotFound):
		return http.StatusNotFound
	case errors.Is(ce, codes.QueryBadArg), errors.Is(ce, codes.QueryBadPath), errors.Is(ce, codes.QueryHeight):
		return http.StatusBadRequest
	case errors.Is(ce, codes.TxMempoolQuota):
		return http.StatusTooManyRequests
	case errors.Is(ce, codes.TxTooLarge):
		return http.StatusRequestEntityTooLarge
	case errors.Is(ce, codes.InvoiceDuplicateDocument), errors.Is(ce, codes.InvoiceDuplicateFingerprint),
		errors.Is(ce, codes.PaymentDuplicateUETR), errors.Is(ce, codes.IdentityExists), errors.Is(ce, codes.MemberExists),
		errors.Is(ce, codes.TxBadSequence):
		return http.StatusConflict
	case errors.Is(ce, codes.TxUnknownSigner), errors.Is(ce, codes.TxSuspendedSigner), errors.Is(ce, codes.TxWrongRole):
		return http.StatusForbidden
	}
	return http.StatusUnprocessableEntity
}

// writeJSON writes v with the given status.
func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v)
}

// writeError writes an error body.
func writeError(w http.ResponseWriter, status int, b *ErrorBody) { writeJSON(w, status, b) }

// writeAPIError writes one of the API's own errors.
func writeAPIError(w http.ResponseWriter, e *APIError, msg string) {
	st, b := apiError(e, msg)
	writeError(w, st, b)
}
