package proof_test

import (
	"context"
	"crypto/sha256"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cometbft/cometbft/crypto"
	"github.com/cometbft/cometbft/privval"
	cmttypes "github.com/cometbft/cometbft/types"
	"github.com/corridor-trade/corridor/internal/localnet"
	"github.com/corridor-trade/corridor/proof"
)

// liveLightBlock fetches the signed header and validator set of height h
// from node 0, as `verify` and certificates carry them.
func liveLightBlock(t *testing.T, net *localnet.Network, h int64) *proof.LightBlock {
	t.Helper()
	ctx := context.Background()
	rpc := net.Client(0).RPC
	c, err := rpc.Commit(ctx, &h)
	if err != nil {
		t.Fatal(err)
	}
	page, per := 1, 100
	v, err := rpc.Validators(ctx, &h, &page, &per)
	if err != nil {
		t.Fatal(err)
	}
	set, err := cmttypes.ValidatorSetFromExistingValidators(v.Validators)
	if err != nil {
		t.Fatal(err)
	}
	sh := c.SignedHeader
	return &proof.LightBlock{SignedHeader: &sh, ValidatorSet: set}
}

// consensusKeys reads every validator's consensus key from its home, by
// address. Only the key file is read; the node's signing state is not
// touched, so nothing here can make a running validator double-sign.
func consensusKeys(t *testing.T, net *localnet.Network) map[string]crypto.PrivKey {
	t.Helper()
	keys := map[string]crypto.PrivKey{}
	for _, nd := range net.Nodes {
		pv := privval.LoadFilePVEmptyState(filepath.Join(nd.Home, "config", "priv_validator_key.json"), "")
		keys[string(pv.Key.Address)] = pv.Key.PrivKey
	}
	return keys
}

// signFor makes the signature validator idx of commit would give a
// precommit for blockID (same height, round and timestamp).
func signFor(t *testing.T, chainID string, commit *cmttypes.Commit, idx int, blockID cmttypes.BlockID, key crypto.PrivKey) []byte {
	t.Helper()
	vote := commit.GetVote(int32(idx))
	vote.BlockID = blockID
	sig, err := key.Sign(cmttypes.VoteSignBytes(chainID, vote.ToProto()))
	if err != nil {
		t.Fatal(err)
	}
	return sig
}

// otherBlockID is a block ID of the same shape that names no real block.
func otherBlockID(id cmttypes.BlockID) cmttypes.BlockID {
	h := sha256.Sum256(append([]byte("another block "), id.Hash...))
	id.Hash = h[:]
	return id
}

// signedPower sums the power of the validators whose signature in the
// commit is for the block.
func signedPower(lb *proof.LightBlock) int64 {
	var p int64
	for _, s := range lb.SignedHeader.Commit.Signatures {
		if s.BlockIDFlag == cmttypes.BlockIDFlagCommit {
			_, v := lb.ValidatorSet.GetByAddress(s.ValidatorAddress)
			p += v.VotingPower
		}
	}
	return p
}

// TestByzantineCommit takes real signed headers from a running network and
// checks that light-client verification (the offline verifier of `verify`
// and certificates) refuses every commit that does not carry more than two
// thirds of the validators' power for that very block: signatures removed
// below two thirds, all removed, none at all, a signature made for another
// block, a whole commit for another block, and a header forged by one
// validator. Each is tried under genesis trust and under header trust, both
// adjacent (CometBFT's light.VerifyAdjacent) and skipping
// (light.VerifyNonAdjacent), and must fail with an error that says why.
func TestByzantineCommit(t *testing.T) {
	if testing.Short() {
		t.Skip("network test")
	}
	net := localnet.Start(t, localnet.Options{ChainID: "corridor-lightclient-1"})
	const target = 5
	net.WaitForHeight(target+1, 2*time.Minute)
	keys := consensusKeys(t, net)
	chainID := net.ChainID
	genesis, err := proof.LoadGenesisTrust(filepath.Join(net.Nodes[0].Home, "config", "genesis.json"))
	if err != nil {
		t.Fatal(err)
	}
	type root struct {
		name   string
		trust  *proof.TrustRoot
		anchor *proof.LightBlock
	}
	roots := []root{{name: "genesis trust", trust: genesis}}
	for _, h := range []int64{target - 1, 2} {
		lb := liveLightBlock(t, net, h)
		name := "header trust, adjacent"
		if h != target-1 {
			name = "header trust, skipping"
		}
		roots = append(roots, root{name: name, trust: proof.HeaderTrust(chainID, h, lb.SignedHeader.Hash(), 0), anchor: lb})
	}

	cases := []struct {
		name   string
		tamper func(t *testing.T, lb *proof.LightBlock)
		reason string // what the error must say
	}{
		{"signatures removed below two thirds", func(t *testing.T, lb *proof.LightBlock) {
			sigs := lb.SignedHeader.Commit.Signatures
			for i := range sigs {
				if 3*signedPower(lb) <= 2*lb.ValidatorSet.TotalVotingPower() {
					break
				}
				if sigs[i].BlockIDFlag == cmttypes.BlockIDFlagCommit {
					sigs[i] = cmttypes.CommitSig{BlockIDFlag: cmttypes.BlockIDFlagAbsent}
				}
			}
		}, "insufficient voting power"},
		{"every signature marked absent", func(t *testing.T, lb *proof.LightBlock) {
			for i := range lb.SignedHeader.Commit.Signatures {
				lb.SignedHeader.Commit.Signatures[i] = cmttypes.CommitSig{BlockIDFlag: cmttypes.BlockIDFlagAbsent}
			}
		}, "insufficient voting power: got 0"},
		{"no signatures at all", func(t *testing.T, lb *proof.LightBlock) {
			lb.SignedHeader.Commit.Signatures = nil
		}, "no signatures in commit"},
		{"one signature made for another block", func(t *testing.T, lb *proof.LightBlock) {
			c := lb.SignedHeader.Commit
			// The last signature, so that verifiers that stop once two
			// thirds verified would not reach it.
			for i := len(c.Signatures) - 1; i >= 0; i-- {
				if s := &c.Signatures[i]; s.BlockIDFlag == cmttypes.BlockIDFlagCommit {
					s.Signature = signFor(t, chainID, c, i, otherBlockID(c.BlockID), keys[string(s.ValidatorAddress)])
					return
				}
			}
		}, "wrong signature"},
		{"every signature made for another block", func(t *testing.T, lb *proof.LightBlock) {
			c := lb.SignedHeader.Commit
			for i := range c.Signatures {
				if s := &c.Signatures[i]; s.BlockIDFlag == cmttypes.BlockIDFlagCommit {
					s.Signature = signFor(t, chainID, c, i, otherBlockID(c.BlockID), keys[string(s.ValidatorAddress)])
				}
			}
		}, "wrong signature"},
		{"a whole commit for another block", func(t *testing.T, lb *proof.LightBlock) {
			c := lb.SignedHeader.Commit
			other := otherBlockID(c.BlockID)
			for i := range c.Signatures {
				if s := &c.Signatures[i]; s.BlockIDFlag == cmttypes.BlockIDFlagCommit {
					s.Signature = signFor(t, chainID, c, i, other, keys[string(s.ValidatorAddress)])
				}
			}
			c.BlockID = other
		}, "commit signs block"},
		{"a header forged and signed by one validator", func(t *testing.T, lb *proof.LightBlock) {
			forge(t, chainID, lb, keys, 1)
		}, "insufficient voting power"},
	}
	for _, r := range roots {
		if err := r.trust.VerifyHeader(liveLightBlock(t, net, target), r.anchor); err != nil {
			t.Fatalf("%s: the untouched header %d does not verify: %v", r.name, target, err)
		}
		for _, tc := range cases {
			lb := liveLightBlock(t, net, target)
			tc.tamper(t, lb)
			err := r.trust.VerifyHeader(lb, r.anchor)
			switch {
			case err == nil:
				t.Errorf("%s, %s: verified", r.name, tc.name)
			case !strings.Contains(err.Error(), tc.reason):
				t.Errorf("%s, %s: %v; want it to say %q", r.name, tc.name, err, tc.reason)
			default:
				t.Logf("%s, %s: %v", r.name, tc.name, err)
			}
		}
	}
	// The control: the forgery above is real, for three colluding
	// validators of four (more than two thirds) make it verify. That is
	// the light client's stated assumption, not a hole: it trusts that no
	// more than a third of the power is Byzantine.
	lb := liveLightBlock(t, net, target)
	forge(t, chainID, lb, keys, 3)
	if err := genesis.VerifyHeader(lb, nil); err != nil {
		t.Fatalf("a header signed by three of four validators does not verify (the forgery is broken): %v", err)
	}
}

// forge changes lb's app hash and has the first n validators of the commit
// sign the forged header; the others' signatures are dropped.
func forge(t *testing.T, chainID string, lb *proof.LightBlock, keys map[string]crypto.PrivKey, n int) {
	t.Helper()
	sh := lb.SignedHeader
	sh.AppHash = append([]byte(nil), sh.AppHash...)
	sh.AppHash[0] ^= 1
	c := sh.Commit
	c.BlockID.Hash = sh.Hash()
	signed := 0
	for i := range c.Signatures {
		s := &c.Signatures[i]
		if s.BlockIDFlag != cmttypes.BlockIDFlagCommit {
			continue
		}
		if signed == n {
			*s = cmttypes.CommitSig{BlockIDFlag: cmttypes.BlockIDFlagAbsent}
			continue
		}
		s.Signature = signFor(t, chainID, c, i, c.BlockID, keys[string(s.ValidatorAddress)])
		signed++
	}
	if signed < n {
		t.Fatalf("the commit has only %d signatures, want %d", signed, n)
	}
}
