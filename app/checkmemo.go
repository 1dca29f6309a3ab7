package app

import (
	"github.com/corridor-trade/corridor/crypto/secp"
	"github.com/corridor-trade/corridor/x/kit"
)

// checkMemoMax bounds each map of a checkMemo; past it the map starts
// again empty (a miss only costs the read it would have saved).
const checkMemoMax = 1 << 16

// checkMemo remembers, for one check state, what CheckTx reads of the
// committed snapshot under it that CheckTx itself never writes: the signer
// behind each public key (member records and the key index) and each
// account's committed sequence (the pending quota's base). The check state
// is a cache over an immutable committed snapshot, and CheckTx writes
// nothing into it but sequences (SetSequence), so within one check state
// these reads always return what they returned the first time; every
// CheckTx and mempool recheck of the same signer after the first is spared
// a member record decode and two store reads (docs/performance.md,
// "Round three").
//
// A memo belongs to one check state: resetCheckState (Commit, the end of
// a state-sync restore, New) makes a new one, and from InitChain to the
// first Commit, while the check state is a cache over the working tree
// that FinalizeBlock writes, there is none. It is used only under
// App.checkMu, by CheckTx; FinalizeBlock never consults it (a block may
// change members).
type checkMemo struct {
	signers   map[secp.PubKey]kit.Signer
	committed map[secp.Address]uint64
}

func newCheckMemo() *checkMemo {
	return &checkMemo{signers: map[secp.PubKey]kit.Signer{}, committed: map[secp.Address]uint64{}}
}

// signerOf is a.accounts.SignerOf(a.check, pk), through the memo when
// there is one. Only members found are remembered: an unknown key is read
// again (and refused) every time, so the memo holds no more than one entry
// per member.
func (a *App) signerOf(pk secp.PubKey) (kit.Signer, bool) {
	m := a.memo
	if m == nil {
		return a.accounts.SignerOf(a.check, pk)
	}
	if s, ok := m.signers[pk]; ok {
		return s, true
	}
	s, ok := a.accounts.SignerOf(a.check, pk)
	if ok {
		if len(m.signers) >= checkMemoMax {
			clear(m.signers)
		}
		m.signers[pk] = s
	}
	return s, ok
}

// committedSequence is a.accounts.Sequence(a.committed, addr), through the
// memo when there is one.
func (a *App) committedSequence(addr secp.Address) uint64 {
	m := a.memo
	if m == nil {
		return a.accounts.Sequence(a.committed, addr)
	}
	if seq, ok := m.committed[addr]; ok {
		return seq
	}
	seq := a.accounts.Sequence(a.committed, addr)
	if len(m.committed) >= checkMemoMax {
		clear(m.committed)
	}
	m.committed[addr] = seq
	return seq
}
