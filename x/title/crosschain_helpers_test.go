package title_test

import (
	"context"
	"crypto/sha256"
	"strings"
	"testing"
	"time"

	abci "github.com/cometbft/cometbft/abci/types"
	"github.com/cometbft/cometbft/crypto/ed25519"
	cmtproto "github.com/cometbft/cometbft/proto/tendermint/types"
	cmtversion "github.com/cometbft/cometbft/proto/tendermint/version"
	cmttypes "github.com/cometbft/cometbft/types"
	"github.com/cometbft/cometbft/version"
	"github.com/corridor-trade/corridor/app/apptest"
	"github.com/corridor-trade/corridor/codes"
	"github.com/corridor-trade/corridor/x/docking"
	"github.com/corridor-trade/corridor/x/kit"
	"github.com/corridor-trade/corridor/x/membership"
	"github.com/corridor-trade/corridor/x/title"
)

// signer signs CometBFT headers for a chain-id with real ed25519
// validator keys, exactly as validators do (precommits over the canonical
// sign bytes), so that the docking light client under test sees genuine
// commits of the other harness's real app hashes.
type signer struct {
	t    *testing.T
	id   string
	keys map[string]ed25519.PrivKey
	vals *cmttypes.ValidatorSet
}

func newSigner(t *testing.T, chainID string) *signer {
	s := &signer{t: t, id: chainID, keys: map[string]ed25519.PrivKey{}}
	var vs []*cmttypes.Validator
	for i := 0; i < 3; i++ {
		k := ed25519.GenPrivKeyFromSecret([]byte(chainID + string(rune('a'+i))))
		s.keys[string(k.PubKey().Address())] = k
		vs = append(vs, cmttypes.NewValidator(k.PubKey(), 10))
	}
	s.vals = cmttypes.NewValidatorSet(vs)
	return s
}

func h32(s string) []byte { h := sha256.Sum256([]byte(s)); return h[:] }

// headerTime is the time of a counterparty header: an hour before the
// harnesses' genesis plus five seconds a height, so every header lies in
// the past of the block that verifies it.
func headerTime(height int64) time.Time {
	return apptest.GenesisTime.Add(-time.Hour).Add(time.Duration(height) * 5 * time.Second)
}

func (s *signer) header(height int64, appHash []byte) *cmttypes.SignedHeader {
	at := headerTime(height)
	h := &cmttypes.Header{
		Version: cmtversion.Consensus{Block: version.BlockProtocol}, ChainID: s.id, Height: height, Time: at,
		LastBlockID:    cmttypes.BlockID{Hash: h32("last"), PartSetHeader: cmttypes.PartSetHeader{Total: 1, Hash: h32("parts")}},
		LastCommitHash: h32("lc"), DataHash: h32("data"), ValidatorsHash: s.vals.Hash(), NextValidatorsHash: s.vals.Hash(),
		ConsensusHash: h32("cons"), AppHash: appHash, LastResultsHash: h32("res"), EvidenceHash: h32("ev"),
		ProposerAddress: s.vals.Validators[0].Address,
	}
	bid := cmttypes.BlockID{Hash: h.Hash(), PartSetHeader: cmttypes.PartSetHeader{Total: 1, Hash: h32("p")}}
	commit := &cmttypes.Commit{Height: height, BlockID: bid}
	for i, v := range s.vals.Validators {
		vote := &cmttypes.Vote{Type: cmtproto.PrecommitType, Height: height, BlockID: bid, Timestamp: at,
			ValidatorAddress: v.Address, ValidatorIndex: int32(i)}
		sig, err := s.keys[string(v.Address)].Sign(cmttypes.VoteSignBytes(s.id, vote.ToProto()))
		if err != nil {
			s.t.Fatal(err)
		}
		commit.Signatures = append(commit.Signatures, cmttypes.CommitSig{BlockIDFlag: cmttypes.BlockIDFlagCommit,
			ValidatorAddress: v.Address, Timestamp: at, Signature: sig})
	}
	return &cmttypes.SignedHeader{Header: h, Commit: commit}
}

func (s *signer) enc(sh *cmttypes.SignedHeader) (hb, vb []byte) {
	hb, err := docking.EncodeSignedHeader(sh)
	if err != nil {
		s.t.Fatal(err)
	}
	if vb, err = docking.EncodeValidatorSet(s.vals); err != nil {
		s.t.Fatal(err)
	}
	return hb, vb
}

func (s *signer) register(height int64) *docking.MsgRegisterClient {
	hb, vb := s.enc(s.header(height, h32("genesis state")))
	return &docking.MsgRegisterClient{ChainID: s.id, ClientType: docking.TypeCometBFT, Description: "counterparty",
		TrustedHeader: hb, TrustedValidators: vb, TrustingPeriod: int64(14 * 24 * time.Hour), MaxClockDrift: int64(10 * time.Second)}
}

// update is the client update to the header of height committing appHash.
func (s *signer) update(height int64, appHash []byte) *docking.MsgUpdateClient {
	hb, vb := s.enc(s.header(height, appHash))
	return &docking.MsgUpdateClient{ChainID: s.id, Header: hb, Validators: vb}
}

// pair is an origin chain and a counterparty, each an application through
// the real ABCI lifecycle, each with a docking client of the other whose
// headers a signer of the other's chain-id signs over its real app hash.
type pair struct {
	t          *testing.T
	home, away *apptest.Harness
	// signs[h] signs headers of h's chain-id (for the other's client).
	signs map[*apptest.Harness]*signer
	// next is the next header height to sign for each chain.
	next map[*apptest.Harness]int64
}

const (
	homeChain = "origin-1"
	awayChain = apptest.ChainID
)

func newPair(t *testing.T) *pair {
	p := &pair{t: t, home: apptest.New(t, apptest.WithChainID(homeChain)), away: apptest.New(t),
		signs: map[*apptest.Harness]*signer{}, next: map[*apptest.Harness]int64{}}
	p.signs[p.home], p.signs[p.away] = newSigner(t, homeChain), newSigner(t, awayChain)
	p.next[p.home], p.next[p.away] = 2, 2
	ok(t, p.home, "sg-operator", p.signs[p.away].register(1))
	ok(t, p.away, "hk-operator", p.signs[p.home].register(1))
	return p
}

func (p *pair) other(h *apptest.Harness) *apptest.Harness {
	if h == p.home {
		return p.away
	}
	return p.home
}

// relay has the other chain's client of src take a header committing src's
// latest state, and returns that header's height.
func (p *pair) relay(src *apptest.Harness) int64 {
	p.t.Helper()
	height := p.next[src]
	p.next[src]++
	ok(p.t, p.other(src), "sh-bank", p.signs[src].update(height, src.AppHash()))
	return height
}

// prove asks h's /store for key with a proof at its latest state.
func prove(t *testing.T, h *apptest.Harness, key []byte) (value, proof []byte) {
	t.Helper()
	q, err := h.App.Query(context.Background(), &abci.RequestQuery{Path: "/store", Data: key, Prove: true})
	if err != nil || q.Code != 0 || q.Value == nil || q.ProofOps == nil || len(q.ProofOps.Ops) != 1 {
		t.Fatalf("prove %q: %v %+v", key, err, q)
	}
	return q.Value, q.ProofOps.Ops[0].Data
}

// receive relays the lock of move seq of id from home to away: a header,
// then the proof.
func (p *pair) receiveMsg(id kit.Hash, seq uint64) *title.MsgReceive {
	p.t.Helper()
	v, pr := prove(p.t, p.home, title.LockKey(id, seq))
	height := p.relay(p.home)
	return &title.MsgReceive{ID: id, ChainID: homeChain, Height: height, Lock: v, Proof: pr}
}

func (p *pair) unlockMsg(id kit.Hash, seq uint64) *title.MsgUnlock {
	p.t.Helper()
	v, pr := prove(p.t, p.away, title.ReturnKey(id, seq))
	height := p.relay(p.away)
	return &title.MsgUnlock{ID: id, ChainID: awayChain, Height: height, Return: v, Proof: pr}
}

func ok(t *testing.T, h *apptest.Harness, signer string, msgs ...kit.Msg) {
	t.Helper()
	if res := h.Deliver(signer, msgs...); res.Code != 0 {
		t.Fatalf("%s by %s: code %d (%s): %s", msgs[0].Type(), signer, res.Code, res.Codespace, res.Log)
	}
}

// refuse delivers msgs as signer, expects code want and checks that
// nothing but the signer's sequence and the block metadata changed.
func refuse(t *testing.T, h *apptest.Harness, signer string, want *codes.Error, msgs ...kit.Msg) {
	t.Helper()
	before := h.StoreDump()
	res := h.Deliver(signer, msgs...)
	if res.Code != want.Code || res.Codespace != want.Codespace {
		t.Fatalf("%s by %s: code %d (%s) %s, want %d (%s %s)", msgs[0].Type(), signer, res.Code, res.Codespace, res.Log, want.Code, want.Codespace, want.Name)
	}
	after := h.StoreDump()
	seq := string(membership.SequenceKey(h.Addr(signer)))
	allowed := func(k string) bool { return k == seq || strings.HasPrefix(k, "meta/") }
	for k, v := range after {
		if before[k] != v && !allowed(k) {
			t.Errorf("refused %s changed %q", msgs[0].Type(), k)
		}
	}
	for k := range before {
		if _, ok := after[k]; !ok && !allowed(k) {
			t.Errorf("refused %s deleted %q", msgs[0].Type(), k)
		}
	}
}

func record(t *testing.T, h *apptest.Harness, id kit.Hash) (title.Record, bool) {
	t.Helper()
	var v title.View
	res := h.Query("/title/"+id.String(), &v)
	if res.Code != 0 {
		return title.Record{}, false
	}
	return v.Record, true
}

// live reports whether the record id is live on h: present and in a state
// in which its holder can act (not away, returned, spent or paper).
func live(t *testing.T, h *apptest.Harness, id kit.Hash) bool {
	r, ok := record(t, h, id)
	if !ok {
		return false
	}
	switch r.State {
	case title.StateAway, title.StateReturned, title.StateSpent, title.StatePaper:
		return false
	}
	return true
}
