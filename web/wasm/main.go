//go:build js && wasm

// Command wasm is the page's verifier compiled to WebAssembly
// (GOOS=js GOARCH=wasm, built by `make web`). It registers three functions
// on the page's global object, each taking byte arrays (Uint8Array) and
// returning a JSON string:
//
//	corridorHash(document)                      -> verifier.Hashed
//	corridorTrust(genesis)                      -> verifier.Trust, or {"error": ...}
//	corridorVerify(certificate, genesis, [doc]) -> verifier.Result
//	corridorDisclosure(disclosure, genesis)     -> verifier.DisclosureResult
//
// and then sets corridorReady = true. All work is web/verifier's, which is
// Corridor's own parsing (formats/) and offline verifier (proof/): nothing
// is sent anywhere.
package main

import (
	"encoding/json"
	"syscall/js"

	"github.com/corridor-trade/corridor/web/verifier"
)

func main() {
	g := js.Global()
	g.Set("corridorHash", js.FuncOf(func(_ js.Value, args []js.Value) any {
		return answer(verifier.Hash(bytesArg(args, 0)))
	}))
	g.Set("corridorTrust", js.FuncOf(func(_ js.Value, args []js.Value) any {
		_, t, err := verifier.LoadTrust(bytesArg(args, 0))
		if err != nil {
			return answer(map[string]string{"error": err.Error()})
		}
		return answer(t)
	}))
	g.Set("corridorVerify", js.FuncOf(func(_ js.Value, args []js.Value) any {
		return answer(verifier.VerifyWith(bytesArg(args, 0), bytesArg(args, 1), bytesArg(args, 2), bytesList(args, 3)))
	}))
	g.Set("corridorDisclosure", js.FuncOf(func(_ js.Value, args []js.Value) any {
		return answer(verifier.VerifyDisclosure(bytesArg(args, 0), bytesArg(args, 1), bytesArg(args, 2)))
	}))
	g.Set("corridorReady", true)
	if cb := g.Get("onCorridorReady"); cb.Type() == js.TypeFunction {
		cb.Invoke()
	}
	select {}
}

// bytesArg copies argument i (a Uint8Array) into Go, or returns nil.
func bytesArg(args []js.Value, i int) []byte {
	if i >= len(args) || args[i].IsUndefined() || args[i].IsNull() {
		return nil
	}
	b := make([]byte, args[i].Get("length").Int())
	js.CopyBytesToGo(b, args[i])
	return b
}

// bytesList copies argument i (an Array of Uint8Array) into Go, or
// returns nil.
func bytesList(args []js.Value, i int) [][]byte {
	if i >= len(args) || args[i].IsUndefined() || args[i].IsNull() {
		return nil
	}
	n := args[i].Get("length").Int()
	out := make([][]byte, 0, n)
	for k := 0; k < n; k++ {
		out = append(out, bytesArg([]js.Value{args[i].Index(k)}, 0))
	}
	return out
}

func answer(v any) any {
	b, err := json.Marshal(v)
	if err != nil {
		b, _ = json.Marshal(map[string]string{"error": err.Error()})
	}
	return string(b)
}
