// Package web serves the customs officer's page (issue 19): plain HTML,
// CSS and JavaScript with no build step, and the verifier compiled to
// WebAssembly (web/wasm) with Go's own wasm_exec.js. `make web` writes
// static/verifier.wasm and static/wasm_exec.js (neither is committed);
// before it has run, the page loads and says that the verifier is not
// built. See docs/web.md for what the page does and whom it trusts.
package web
