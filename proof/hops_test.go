package proof_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/cometbft/cometbft/crypto/tmhash"
	cmtbytes "github.com/cometbft/cometbft/libs/bytes"
	cmtversion "github.com/cometbft/cometbft/proto/tendermint/version"
	rpcclient "github.com/cometbft/cometbft/rpc/client"
	coretypes "github.com/cometbft/cometbft/rpc/core/types"
	cmttypes "github.com/cometbft/cometbft/types"
	"github.com/cometbft/cometbft/version"

	"github.com/corridor-trade/corridor/proof"
	"github.com/corridor-trade/corridor/proof/fetch"
)

const hopChain = "corridor-hops-1"

var hopT0 = time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)

// synthChain is a chain of real signed light blocks whose validator set
// changes as its schedule says: sets[i] validates from height from[i].
type synthChain struct {
	t     *testing.T
	from  []int64
	sets  []*cmttypes.ValidatorSet
	keys  map[string]cmttypes.PrivValidator // by validator address
	cache map[int64]*proof.LightBlock
}

// keys makes n private validators.
func hopKeys(n int) []cmttypes.PrivValidator {
	out := make([]cmttypes.PrivValidator, n)
	for i := range out {
		out[i] = cmttypes.NewMockPV()
	}
	return out
}

// valSet makes the validator set of keys with the powers given.
func valSet(t *testing.T, keys []cmttypes.PrivValidator, powers ...int64) *cmttypes.ValidatorSet {
	t.Helper()
	var vals []*cmttypes.Validator
	for i, k := range keys {
		pk, err := k.GetPubKey()
		if err != nil {
			t.Fatal(err)
		}
		vals = append(vals, cmttypes.NewValidator(pk, powers[i]))
	}
	return cmttypes.NewValidatorSet(vals)
}

func newSynthChain(t *testing.T, keys []cmttypes.PrivValidator) *synthChain {
	c := &synthChain{t: t, keys: map[string]cmttypes.PrivValidator{}, cache: map[int64]*proof.LightBlock{}}
	for _, k := range keys {
		pk, _ := k.GetPubKey()
		c.keys[string(pk.Address())] = k
	}
	return c
}

// from makes set the validator set from height h on.
func (c *synthChain) validates(h int64, set *cmttypes.ValidatorSet) *synthChain {
	c.from, c.sets = append(c.from, h), append(c.sets, set)
	return c
}

func (c *synthChain) setAt(h int64) *cmttypes.ValidatorSet {
	var s *cmttypes.ValidatorSet
	for i, f := range c.from {
		if f <= h {
			s = c.sets[i]
		}
	}
	return s
}

// at returns the light block of height h, signed by every validator of its
// set. Callers get their own copy to alter.
func (c *synthChain) at(h int64) *proof.LightBlock {
	t := c.t
	t.Helper()
	if lb, ok := c.cache[h]; ok {
		return copyLightBlock(t, lb)
	}
	vals, next := c.setAt(h), c.setAt(h+1)
	at := hopT0.Add(time.Duration(h) * time.Second)
	hdr := &cmttypes.Header{
		Version:            cmtversion.Consensus{Block: version.BlockProtocol},
		ChainID:            hopChain,
		Height:             h,
		Time:               at,
		LastBlockID:        cmttypes.BlockID{Hash: tmhash.Sum([]byte(fmt.Sprint("block ", h-1))), PartSetHeader: cmttypes.PartSetHeader{Total: 1, Hash: tmhash.Sum([]byte("parts"))}},
		LastCommitHash:     tmhash.Sum([]byte("lc")),
		DataHash:           tmhash.Sum([]byte("data")),
		ValidatorsHash:     vals.Hash(),
		NextValidatorsHash: next.Hash(),
		ConsensusHash:      tmhash.Sum([]byte("cons")),
		AppHash:            tmhash.Sum([]byte(fmt.Sprint("app ", h))),
		LastResultsHash:    tmhash.Sum([]byte("res")),
		EvidenceHash:       tmhash.Sum([]byte("ev")),
		ProposerAddress:    vals.Validators[0].Address,
	}
	id := cmttypes.BlockID{Hash: hdr.Hash(), PartSetHeader: cmttypes.PartSetHeader{Total: 1, Hash: tmhash.Sum([]byte("p"))}}
	var pvs []cmttypes.PrivValidator
	for _, v := range vals.Validators {
		pvs = append(pvs, c.keys[string(v.Address)])
	}
	vs := cmttypes.NewVoteSet(hopChain, h, 0, 2, vals)
	ext, err := cmttypes.MakeExtCommit(id, h, 0, vs, pvs, at, false)
	if err != nil {
		t.Fatal(err)
	}
	c.cache[h] = &proof.LightBlock{SignedHeader: &cmttypes.SignedHeader{Header: hdr, Commit: ext.ToCommit()}, ValidatorSet: vals.Copy()}
	return copyLightBlock(t, c.cache[h])
}

// copyLightBlock copies lb through its JSON form.
func copyLightBlock(t *testing.T, lb *proof.LightBlock) *proof.LightBlock {
	t.Helper()
	b, err := lb.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	var out proof.LightBlock
	if err := out.UnmarshalJSON(b); err != nil {
		t.Fatal(err)
	}
	return &out
}

// without marks the signatures of the validators with the given addresses
// absent from lb's commit.
func without(lb *proof.LightBlock, keys ...cmttypes.PrivValidator) *proof.LightBlock {
	for _, k := range keys {
		pk, _ := k.GetPubKey()
		for i, s := range lb.SignedHeader.Commit.Signatures {
			if bytes.Equal(s.ValidatorAddress, pk.Address()) {
				lb.SignedHeader.Commit.Signatures[i] = cmttypes.NewCommitSigAbsent()
			}
		}
	}
	return lb
}

// hopChains are the two chains of the tests.
//
// A: the genesis set G (g0…g3, 10 each); from height 6 P, g0 at power 12
// (a validator-power change); from 9 M = {g0, g1, m2, m3}; from 13 N =
// {m2, m3, n0, n1}, of which no genesis validator is part.
//
// B: one validator k, replaced by k2 from height 5 (every key replaced
// at once): only adjacency follows it.
type hopChains struct {
	a, b     *synthChain
	g        []cmttypes.PrivValidator
	m, n     []cmttypes.PrivValidator
	gSet     *cmttypes.ValidatorSet
	bGenesis *cmttypes.ValidatorSet
}

func newHopChains(t *testing.T) *hopChains {
	h := &hopChains{g: hopKeys(4), m: hopKeys(2), n: hopKeys(2)}
	h.gSet = valSet(t, h.g, 10, 10, 10, 10)
	p := valSet(t, h.g, 12, 10, 10, 10)
	m := valSet(t, []cmttypes.PrivValidator{h.g[0], h.g[1], h.m[0], h.m[1]}, 10, 10, 10, 10)
	n := valSet(t, []cmttypes.PrivValidator{h.m[0], h.m[1], h.n[0], h.n[1]}, 10, 10, 10, 10)
	all := append(append(append([]cmttypes.PrivValidator{}, h.g...), h.m...), h.n...)
	h.a = newSynthChain(t, all).validates(1, h.gSet).validates(6, p).validates(9, m).validates(13, n)
	k, k2 := hopKeys(1), hopKeys(1)
	h.bGenesis = valSet(t, k, 10)
	h.b = newSynthChain(t, append(k, k2...)).validates(1, h.bGenesis).validates(5, valSet(t, k2, 10))
	return h
}

func hops(lbs ...*proof.LightBlock) []proof.LightBlock {
	out := make([]proof.LightBlock, len(lbs))
	for i, lb := range lbs {
		out[i] = *lb
	}
	return out
}

// TestGenesisTrustFollowsValidatorSetChanges verifies headers of real
// signed chains from their genesis validator set through the hops given:
// the changes are followed where CometBFT's light client would follow
// them, and refused where it would not.
func TestGenesisTrustFollowsValidatorSetChanges(t *testing.T) {
	noNetwork(t)
	c := newHopChains(t)
	a, b := c.a, c.b
	ta := &proof.TrustRoot{ChainID: hopChain, Validators: c.gSet}
	tb := &proof.TrustRoot{ChainID: hopChain, Validators: c.bGenesis}
	cases := []struct {
		name    string
		trust   *proof.TrustRoot
		block   *proof.LightBlock
		hops    []proof.LightBlock
		changes []int64 // when accepted
		refusal string  // when refused
	}{
		{"the genesis set", ta, a.at(4), nil, nil, ""},
		{"a power change, followed from genesis directly", ta, a.at(8), nil, []int64{8}, ""},
		{"two changes, through one hop", ta, a.at(15), hops(a.at(10)), []int64{10, 15}, ""},
		{"three changes, through two hops", ta, a.at(15), hops(a.at(7), a.at(11)), []int64{7, 11, 15}, ""},
		{"a hop of the genesis set changes nothing", ta, a.at(15), hops(a.at(3), a.at(10)), []int64{10, 15}, ""},
		{"every key replaced at once, through adjacent headers", tb, b.at(8), hops(b.at(4), b.at(5)), []int64{5}, ""},
		{"no hop and a set no genesis validator is in", ta, a.at(15), nil, nil, "a hop is missing"},
		{"a hop too few", ta, a.at(15), hops(a.at(7)), nil, "a hop is missing"},
		{"every key replaced at once, without the header announcing it", tb, b.at(8), hops(b.at(5)), nil, "a hop is missing"},
		{"a hop signed by less than 1/3 of the trusted power", ta, a.at(15), hops(without(a.at(10), c.g[1])), nil,
			"hop 1 of 1 (header 10) names validator set"},
		{"a hop signed by less than 2/3 of its own set", ta, a.at(15), hops(without(a.at(10), c.m[0], c.m[1])), nil,
			"insufficient voting power"},
		{"the header signed by less than 2/3 of its own set", ta, without(a.at(15), c.n[0], c.n[1]), hops(a.at(10)), nil,
			"insufficient voting power"},
		{"hops out of order", ta, a.at(15), hops(a.at(11), a.at(10)), nil, "hops go in increasing height order"},
		{"a hop twice", ta, a.at(15), hops(a.at(10), a.at(10)), nil, "hops go in increasing height order"},
		{"a hop above H+1", ta, a.at(15), hops(a.at(10), a.at(16)), nil, "every hop must be below the certificate's header"},
		{"a hop at H+1", ta, a.at(15), hops(a.at(10), a.at(15)), nil, "every hop must be below the certificate's header"},
		{"a hop whose set is not the one its header names", ta, a.at(15), hops(func() *proof.LightBlock {
			lb := a.at(10)
			lb.ValidatorSet = c.gSet.Copy()
			return lb
		}()), nil, "hop 1 of 1: the validator set given"},
		{"a hop with a changed header", ta, a.at(15), hops(func() *proof.LightBlock {
			lb := a.at(10)
			lb.SignedHeader.AppHash[0] ^= 1
			return lb
		}()), nil, "hop 1 of 1: header 10 does not match its commit"},
		{"a hop with a changed signature", ta, a.at(15), hops(func() *proof.LightBlock {
			lb := a.at(10)
			lb.SignedHeader.Commit.Signatures[3].Signature[7] ^= 1
			return lb
		}()), nil, "wrong signature"},
		{"a hop of another chain", ta, a.at(15), hops(func() *proof.LightBlock {
			lb := a.at(10)
			lb.SignedHeader.ChainID = "corridor-other-1"
			return lb
		}()), nil, `hop 1 of 1: header is from chain "corridor-other-1"`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			// Through JSON, as a verifier would receive it.
			cert := &proof.Certificate{Format: proof.FormatVersion, ChainID: hopChain, Height: tc.block.SignedHeader.Height - 1,
				Document: proof.DocumentRef{Hash: strings.Repeat("ab", 32)}, Block: *tc.block, Hops: tc.hops}
			raw, err := cert.Marshal()
			if err != nil {
				t.Fatal(err)
			}
			back, err := proof.ParseCertificate(raw)
			if err != nil {
				t.Fatal(err)
			}
			changes, err := tc.trust.VerifyHeaderVia(&back.Block, nil, back.Hops)
			if tc.refusal != "" {
				if err == nil || !strings.Contains(err.Error(), tc.refusal) {
					t.Fatalf("got %v, want a refusal containing %q", err, tc.refusal)
				}
				t.Logf("refused: %v", err)
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if fmt.Sprint(changes) != fmt.Sprint(tc.changes) {
				t.Fatalf("followed changes at %v, want %v", changes, tc.changes)
			}
			// The verdict's header line names them.
			v, err := proof.VerifyCertificate(back, tc.trust)
			if err != nil {
				t.Fatal(err)
			}
			l := v.Line(proof.CheckHeader)
			if !l.OK {
				t.Fatalf("header line: %s", l.Detail)
			}
			if len(tc.changes) > 0 && !strings.Contains(l.Detail, fmt.Sprintf("following %d validator-set change", len(tc.changes))) {
				t.Fatalf("header line does not say what it followed: %s", l.Detail)
			}
			t.Logf("header: %s", l.Detail)
		})
	}
}

// TestEveryByteOfAHopMatters changes every byte of a certificate's hops,
// one at a time (its lowest bit flipped): each change must be refused,
// when decoded or by the header check, except a proposer priority's
// digits (docs/certificate.md, "Every byte is checked").
func TestEveryByteOfAHopMatters(t *testing.T) {
	noNetwork(t)
	c := newHopChains(t)
	trust := &proof.TrustRoot{ChainID: hopChain, Validators: c.gSet}
	cert := &proof.Certificate{Format: proof.FormatVersion, ChainID: hopChain, Height: 14,
		Document: proof.DocumentRef{Hash: strings.Repeat("ab", 32)}, Block: *c.a.at(15), Hops: hops(c.a.at(10))}
	raw, err := cert.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := trust.VerifyHeaderVia(&cert.Block, nil, cert.Hops); err != nil {
		t.Fatal(err)
	}
	start := bytes.Index(raw, []byte(`"hops": [`))
	end := bytes.LastIndexByte(raw, ']') + 1
	if start < 0 || end <= start {
		t.Fatal("no hops in the certificate")
	}
	skip := make([]bool, len(raw))
	for _, m := range priorities.FindAllIndex(raw, -1) {
		for i := m[0] + len(`"proposer_priority": "`); i < m[1]-1; i++ {
			skip[i] = true
		}
	}
	var atParse, byCheck, skipped int
	b := make([]byte, len(raw))
	for i := start; i < end; i++ {
		if skip[i] {
			skipped++
			continue
		}
		copy(b, raw)
		b[i] ^= 0x01
		got, err := proof.ParseCertificate(b)
		if err != nil {
			atParse++
			continue
		}
		if _, err := trust.VerifyHeaderVia(&got.Block, nil, got.Hops); err != nil {
			byCheck++
			continue
		}
		lo, hi := max(0, i-60), min(len(raw), i+20)
		t.Errorf("byte %d of a hop changed from %q to %q and the header still verifies: …%s…", i, raw[i], b[i], bytes.ReplaceAll(raw[lo:hi], []byte("\n"), []byte(" ")))
	}
	t.Logf("%d bytes of hops: %d changes refused when decoded, %d by the header check, %d proposer-priority digits left alone",
		end-start, atParse, byCheck, skipped)
}

// TestEmptyHopsRefused: "no hops" has one spelling, the field left out.
func TestEmptyHopsRefused(t *testing.T) {
	cert, _, _ := golden(t)
	raw, err := cert.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	raw = bytes.Replace(raw, []byte(`"format":`), []byte(`"hops": [], "format":`), 1)
	if _, err := proof.ParseCertificate(raw); err == nil || !strings.Contains(err.Error(), "hops is an empty list") {
		t.Fatalf("an empty hops list: %v", err)
	}
}

// synthNode serves a synthChain's commits and validator sets the way a
// node's RPC does (the validator set in pages), from height lowest on.
type synthNode struct {
	c      *synthChain
	lowest int64
	calls  int
}

func (n *synthNode) Status(context.Context) (*coretypes.ResultStatus, error) {
	return nil, errors.New("not served")
}

func (n *synthNode) ABCIQueryWithOptions(context.Context, string, cmtbytes.HexBytes, rpcclient.ABCIQueryOptions) (*coretypes.ResultABCIQuery, error) {
	return nil, errors.New("not served")
}

func (n *synthNode) Commit(_ context.Context, h *int64) (*coretypes.ResultCommit, error) {
	n.calls++
	if *h < n.lowest {
		return nil, fmt.Errorf("height %d is not available, lowest height is %d", *h, n.lowest)
	}
	lb := n.c.at(*h)
	return &coretypes.ResultCommit{SignedHeader: *lb.SignedHeader, CanonicalCommit: true}, nil
}

func (n *synthNode) Validators(_ context.Context, h *int64, page, perPage *int) (*coretypes.ResultValidators, error) {
	if *h < n.lowest {
		return nil, fmt.Errorf("height %d is not available, lowest height is %d", *h, n.lowest)
	}
	vals := n.c.at(*h).ValidatorSet.Validators
	per := min(*perPage, 3) // small pages, so that paging is exercised
	lo := min(len(vals), (*page-1)*per)
	hi := min(len(vals), lo+per)
	return &coretypes.ResultValidators{BlockHeight: *h, Validators: vals[lo:hi], Count: hi - lo, Total: len(vals)}, nil
}

// TestHopsFoundByBisection asks a node serving the chains for the hops from
// genesis to a header: bisection finds a short list the verifier accepts,
// and says clearly when the node no longer has the heights it needs.
func TestHopsFoundByBisection(t *testing.T) {
	c := newHopChains(t)
	ctx := context.Background()
	cases := []struct {
		name    string
		chain   *synthChain
		genesis *cmttypes.ValidatorSet
		target  int64
		want    []int64 // hop heights
	}{
		{"the genesis set", c.a, c.gSet, 4, nil},
		{"a power change", c.a, c.gSet, 8, nil},
		{"a set no genesis validator is in", c.a, c.gSet, 15, []int64{11}},
		{"far later", c.a, c.gSet, 200, []int64{10}},
		{"every key replaced at once", c.b, c.bGenesis, 8, []int64{4, 5}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			node := &synthNode{c: tc.chain, lowest: 1}
			target := tc.chain.at(tc.target)
			got, err := fetch.Hops(ctx, node, hopChain, tc.genesis, 1, target)
			if err != nil {
				t.Fatal(err)
			}
			var hs []int64
			for _, h := range got {
				hs = append(hs, h.SignedHeader.Height)
			}
			if fmt.Sprint(hs) != fmt.Sprint(tc.want) {
				t.Fatalf("hops at %v, want %v", hs, tc.want)
			}
			trust := &proof.TrustRoot{ChainID: hopChain, Validators: tc.genesis}
			if _, err := trust.VerifyHeaderVia(target, nil, got); err != nil {
				t.Fatalf("the hops found do not verify: %v", err)
			}
			t.Logf("hops %v, %d commits fetched", hs, node.calls)
		})
	}
	t.Run("pruned", func(t *testing.T) {
		node := &synthNode{c: c.b, lowest: 6}
		_, err := fetch.Hops(ctx, node, hopChain, c.bGenesis, 1, c.b.at(8))
		if err == nil || !strings.Contains(err.Error(), "not available") || !strings.Contains(err.Error(), "pruned") {
			t.Fatalf("got %v, want an error saying the heights are not available", err)
		}
		t.Logf("%v", err)
	})
}
