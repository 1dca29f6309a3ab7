// Package api is Corridor's single-window HTTP API: a JSON front door for
// trade and customs systems that would rather speak HTTP than CometBFT RPC.
//
// It is served by the node process itself (corridord start, when
// [api] enable = true in app.toml) and reaches the application only through
// the node's CometBFT RPC client interface: ABCI queries for reads,
// broadcast for signed transactions, and the event bus for the live anchor
// stream. In the node it is given the in-process local client, so no RPC
// socket is involved; the same Server also works over an HTTP RPC client.
//
// The API never signs anything and keeps nothing: submitted transactions
// are signed by the caller, and documents posted to /v1/documents/check are
// parsed in memory, hashed and forgotten. Every door is bounded (limits.go,
// Options): request bodies, concurrent document checks, the time a client
// may take to send a request, and open connections.
// Errors are JSON objects {code, codespace, error, message} with an HTTP
// status chosen from the code; docs/api.md lists them and docs/openapi.yaml
// specifies every endpoint.
package api
