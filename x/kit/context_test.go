package kit_test

import (
	"testing"

	"github.com/corridor-trade/corridor/crypto/secp"
	"github.com/corridor-trade/corridor/x/kit"
)

// TestCheckedSignerOnlyWhenItIsTheSigner checks that a context hands out
// the application's checked signer only when one is set, names the
// context's signer and is active; handlers read the member record
// otherwise.
func TestCheckedSignerOnlyWhenItIsTheSigner(t *testing.T) {
	a, b := secp.Address{1}, secp.Address{2}
	ctx := &kit.Context{Signer: a}
	if _, ok := ctx.CheckedSigner(); ok {
		t.Fatal("a checked signer without one set")
	}
	s := kit.Signer{Address: a, Jurisdiction: "SG", Status: "active", Active: true}
	ctx.SetCheckedSigner(&s)
	if got, ok := ctx.CheckedSigner(); !ok || got.Address != a || got.Jurisdiction != "SG" {
		t.Fatalf("checked signer %+v, %v", got, ok)
	}
	other := kit.Signer{Address: b, Active: true}
	ctx.SetCheckedSigner(&other)
	if _, ok := ctx.CheckedSigner(); ok {
		t.Fatal("a checked signer with another address")
	}
	suspended := kit.Signer{Address: a, Status: "suspended"}
	ctx.SetCheckedSigner(&suspended)
	if _, ok := ctx.CheckedSigner(); ok {
		t.Fatal("an inactive checked signer")
	}
	ctx.SetCheckedSigner(nil)
	if _, ok := ctx.CheckedSigner(); ok {
		t.Fatal("a checked signer after it was cleared")
	}
}

// TestSignerStringFollowsTheSigner checks the memoised text form against
// secp.Address.String, also after the signer field changes.
func TestSignerStringFollowsTheSigner(t *testing.T) {
	a, b := secp.Address{1}, secp.Address{2}
	ctx := &kit.Context{Signer: a}
	if ctx.SignerString() != a.String() || ctx.AddressString(a) != a.String() || ctx.AddressString(b) != b.String() {
		t.Fatal("text forms differ from secp.Address.String")
	}
	ctx.Signer = b
	if ctx.SignerString() != b.String() {
		t.Fatalf("after the signer changed: %s, want %s", ctx.SignerString(), b.String())
	}
}
