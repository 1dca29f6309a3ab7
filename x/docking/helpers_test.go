package docking_test

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
	"github.com/corridor-trade/corridor/x/invoice"
	"github.com/corridor-trade/corridor/x/kit"
	"github.com/corridor-trade/corridor/x/membership"
)

// chain is a counterparty CometBFT chain made of real ed25519 validator
// keys: it signs headers exactly as CometBFT validators do (precommit
// votes over the canonical sign bytes), so that the light-client code
// under test sees genuine commits.
type chain struct {
	t    *testing.T
	id   string
	keys map[string]ed25519.PrivKey // by validator address
	vals *cmttypes.ValidatorSet
}

func newChain(t *testing.T, id, seed string, n int) *chain {
	c := &chain{t: t, id: id, keys: map[string]ed25519.PrivKey{}}
	var vs []*cmttypes.Validator
	for i := 0; i < n; i++ {
		k := ed25519.GenPrivKeyFromSecret([]byte(seed + string(rune('a'+i))))
		c.keys[string(k.PubKey().Address())] = k
		vs = append(vs, cmttypes.NewValidator(k.PubKey(), 10))
	}
	c.vals = cmttypes.NewValidatorSet(vs)
	return c
}

func hash32(s string) []byte { h := sha256.Sum256([]byte(s)); return h[:] }

// header builds the signed header of height at time t with appHash,
// signed by the validators at the given indices of the set (all when nil).
func (c *chain) header(height int64, t time.Time, appHash []byte, signers []int) *cmttypes.SignedHeader {
	h := &cmttypes.Header{
		Version: cmtversion.Consensus{Block: version.BlockProtocol}, ChainID: c.id, Height: height, Time: t,
		LastBlockID:    cmttypes.BlockID{Hash: hash32("last"), PartSetHeader: cmttypes.PartSetHeader{Total: 1, Hash: hash32("parts")}},
		LastCommitHash: hash32("lc"), DataHash: hash32("data"), ValidatorsHash: c.vals.Hash(), NextValidatorsHash: c.vals.Hash(),
		ConsensusHash: hash32("cons"), AppHash: appHash, LastResultsHash: hash32("res"), EvidenceHash: hash32("ev"),
		ProposerAddress: c.vals.Validators[0].Address,
	}
	bid := cmttypes.BlockID{Hash: h.Hash(), PartSetHeader: cmttypes.PartSetHeader{Total: 1, Hash: hash32("p" + string(rune(height)))}}
	commit := &cmttypes.Commit{Height: height, BlockID: bid}
	sign := map[int]bool{}
	for _, i := range signers {
		sign[i] = true
	}
	for i, v := range c.vals.Validators {
		if signers != nil && !sign[i] {
			commit.Signatures = append(commit.Signatures, cmttypes.CommitSig{BlockIDFlag: cmttypes.BlockIDFlagAbsent})
			continue
		}
		vote := &cmttypes.Vote{Type: cmtproto.PrecommitType, Height: height, BlockID: bid, Timestamp: t,
			ValidatorAddress: v.Address, ValidatorIndex: int32(i)}
		pb := vote.ToProto()
		sig, err := c.keys[string(v.Address)].Sign(cmttypes.VoteSignBytes(c.id, pb))
		if err != nil {
			c.t.Fatal(err)
		}
		commit.Signatures = append(commit.Signatures, cmttypes.CommitSig{BlockIDFlag: cmttypes.BlockIDFlagCommit,
			ValidatorAddress: v.Address, Timestamp: t, Signature: sig})
	}
	return &cmttypes.SignedHeader{Header: h, Commit: commit}
}

func encHeader(t *testing.T, sh *cmttypes.SignedHeader) []byte {
	b, err := docking.EncodeSignedHeader(sh)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func encVals(t *testing.T, vs *cmttypes.ValidatorSet) []byte {
	b, err := docking.EncodeValidatorSet(vs)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// register returns the registration of c with its header of height h.
func (c *chain) register(h int64, at time.Time, appHash []byte, period time.Duration) *docking.MsgRegisterClient {
	return &docking.MsgRegisterClient{ChainID: c.id, ClientType: docking.TypeCometBFT, Description: "test counterparty",
		TrustedHeader: encHeader(c.t, c.header(h, at, appHash, nil)), TrustedValidators: encVals(c.t, c.vals),
		TrustingPeriod: int64(period), MaxClockDrift: int64(10 * time.Second)}
}

func (c *chain) update(sh *cmttypes.SignedHeader, trusted int64) *docking.MsgUpdateClient {
	return &docking.MsgUpdateClient{ChainID: c.id, Header: encHeader(c.t, sh), Validators: encVals(c.t, c.vals), TrustedHeight: trusted}
}

// anchored is an invoice anchored on a source application, with the ICS-23
// proof of its anchor against the source's app hash.
type anchored struct {
	doc     invoice.Hash
	key     []byte
	value   []byte
	proof   []byte
	appHash []byte
}

// anchorOn anchors an invoice numbered number by sh-trader on src and
// proves its anchor at src's latest state.
func anchorOn(t *testing.T, src *apptest.Harness, number string) anchored {
	t.Helper()
	doc := invoice.Hash(sha256.Sum256([]byte("invoice " + number)))
	fp, err := invoice.Fingerprint(src.Addr("sh-trader"), number)
	if err != nil {
		t.Fatal(err)
	}
	res := src.Deliver("sh-trader", &invoice.MsgAnchor{DocHash: doc, Profile: invoice.ProfileUBL, Fingerprint: fp,
		BuyerMember: src.Addr("sg-trader"), IssueDate: "2026-01-05", Currency: "CNY", Total: "1000.5"})
	if res.Code != 0 {
		t.Fatalf("anchor on source: %d %s", res.Code, res.Log)
	}
	a := anchored{doc: doc, key: invoice.InvoiceKey(doc), appHash: src.AppHash()}
	a.value, a.proof = prove(t, src, a.key)
	return a
}

// prove asks src's /store query for key with a proof at the latest state.
func prove(t *testing.T, src *apptest.Harness, key []byte) (value, proof []byte) {
	t.Helper()
	q, err := src.App.Query(context.Background(), &abci.RequestQuery{Path: "/store", Data: key, Prove: true})
	if err != nil || q.Code != 0 || q.ProofOps == nil || len(q.ProofOps.Ops) != 1 {
		t.Fatalf("prove %x: %v %+v", key, err, q)
	}
	return q.Value, q.ProofOps.Ops[0].Data
}

func (a anchored) dock(chainID string, height int64) *docking.MsgDock {
	return &docking.MsgDock{ChainID: chainID, Height: height, DocHash: a.doc, Key: a.key, Value: a.value, Proof: a.proof}
}

// expectCode delivers msgs as signer and checks the result code; when the
// code is not 0 it also checks that nothing but the signer's sequence and
// the block metadata changed.
func expectCode(t *testing.T, h *apptest.Harness, signer string, want *codes.Error, msgs ...kit.Msg) {
	t.Helper()
	before := h.StoreDump()
	res := h.Deliver(signer, msgs...)
	wantCode := uint32(0)
	if want != nil {
		wantCode = want.Code
	}
	if res.Code != wantCode {
		t.Fatalf("code %d (%s), want %d (%v): %s", res.Code, res.Codespace, wantCode, want, res.Log)
	}
	if want == nil {
		return
	}
	after := h.StoreDump()
	seq := string(membership.SequenceKey(h.Addr(signer)))
	allowed := func(k string) bool { return k == seq || strings.HasPrefix(k, "meta/") }
	for k, v := range after {
		if before[k] != v && !allowed(k) {
			t.Errorf("rejected message changed %q", k)
		}
	}
	for k := range before {
		if _, ok := after[k]; !ok && !allowed(k) {
			t.Errorf("rejected message deleted %q", k)
		}
	}
}
