package api

import (
	"net/http"

	"github.com/corridor-trade/corridor/x/kit/paths"
)

// The read side of the status module (docs/status-lists.md): each function
// builds the ABCI query path of one GET route from checked request values;
// server.go registers the routes.

// statusListPath serves GET /v1/status/lists/{list}[?version=N]: list is
// the 64-hex-digit hash of the list credential's id URL.
func statusListPath(r *http.Request) (string, error) {
	return path(paths.NameStatusList, seg(r, "list", reHex64), optional("version", r.URL.Query().Get("version"), reVersion))
}

// statusOAPath serves GET /v1/status/oa/{store}[?target=HEX]: store is the
// 64-hex-digit hash of the revocation store id.
func statusOAPath(r *http.Request) (string, error) {
	return path(paths.NameStatusOA, seg(r, "store", reHex64), optional("target", r.URL.Query().Get("target"), reHex64))
}
