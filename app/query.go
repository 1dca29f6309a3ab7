package app

import (
	"context"
	"encoding/hex"
	"encoding/json"
	"strings"

	abci "github.com/cometbft/cometbft/abci/types"
	cmtcrypto "github.com/cometbft/cometbft/proto/tendermint/crypto"
	"github.com/corridor-trade/corridor/codes"
	"github.com/corridor-trade/corridor/crypto/secp"
	"github.com/corridor-trade/corridor/x/kit"
	"github.com/corridor-trade/corridor/x/kit/store"
	"github.com/corridor-trade/corridor/x/membership"
)

// ProofOpType names the proof format in ResponseQuery.ProofOps: an ICS-23
// CommitmentProof (protobuf) against the IAVL root, checked with
// ics23.IavlSpec.
const ProofOpType = "ics23:iavl"

func (a *App) queryHandlers() map[string]kit.QueryFunc {
	h := map[string]kit.QueryFunc{
		"member":        queryMember,
		"member-by-key": queryMemberByKey,
		"account":       queryAccount,
		"members":       queryMembers,
		"jurisdictions": func(kv store.KV, _ []string) (any, error) { return membership.Jurisdictions(kv), nil },
		"validators":    func(kv store.KV, _ []string) (any, error) { return membership.Validators(kv), nil },
		"misbehaviour":  queryMisbehaviour,
		"params":        func(kv store.KV, _ []string) (any, error) { return membership.GetParams(kv), nil },
	}
	for _, m := range modules() {
		for path, q := range m.Queries {
			h[path] = q
		}
	}
	return h
}

// Query answers read-only questions about committed state. Path "/store"
// returns the raw value at the key in req.Data, with an ICS-23 proof when
// req.Prove is set (a non-existence proof when the key is absent). Every
// other path returns JSON; each module's page in docs/ (membership.md,
// identity.md, recognition.md, invoice.md, payment.md, cross-chain.md) lists
// its paths under "Queries".
func (a *App) Query(_ context.Context, req *abci.RequestQuery) (resp *abci.ResponseQuery, err error) {
	defer func() {
		if r := recover(); r != nil {
			resp = queryError(codes.Internal.Wrapf("query %s: %v", req.Path, r), 0)
		}
	}()
	snap, err := a.tree.Snapshot(req.Height)
	if err != nil {
		return queryError(codes.QueryHeight.Wrapf("%v", err), req.Height), nil
	}
	h := snap.Version()
	parts := strings.Split(strings.Trim(req.Path, "/"), "/")
	if parts[0] == "store" {
		return a.queryStore(snap, req), nil
	}
	handler, ok := a.queries[parts[0]]
	if !ok {
		return queryError(codes.QueryBadPath.Wrapf("unknown query path %q", req.Path), h), nil
	}
	v, err := handler(snap, parts[1:])
	if err != nil {
		return queryError(err, h), nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return queryError(codes.Internal.Wrapf("encode answer: %v", err), h), nil
	}
	return &abci.ResponseQuery{Value: b, Height: h}, nil
}

func (a *App) queryStore(snap *store.Snapshot, req *abci.RequestQuery) *abci.ResponseQuery {
	if len(req.Data) == 0 {
		return queryError(codes.QueryBadArg.Wrapf("store query needs the key in data"), snap.Version())
	}
	resp := &abci.ResponseQuery{Key: req.Data, Height: snap.Version()}
	if !req.Prove {
		resp.Value = snap.Get(req.Data)
		return resp
	}
	value, proof, err := snap.Prove(req.Data)
	if err != nil {
		return queryError(codes.QueryHeight.Wrapf("prove: %v", err), snap.Version())
	}
	data, err := proof.Marshal()
	if err != nil {
		return queryError(codes.Internal.Wrapf("encode proof: %v", err), snap.Version())
	}
	resp.Value = value
	resp.ProofOps = &cmtcrypto.ProofOps{Ops: []cmtcrypto.ProofOp{{Type: ProofOpType, Key: req.Data, Data: data}}}
	return resp
}

func queryError(err error, height int64) *abci.ResponseQuery {
	e := codes.Of(err)
	return &abci.ResponseQuery{Code: e.Code, Codespace: e.Codespace, Log: err.Error(), Height: height}
}

func addressArg(args []string) (secp.Address, error) {
	if len(args) != 1 {
		return secp.Address{}, codes.QueryBadArg.Wrapf("want one address argument")
	}
	a, err := secp.ParseAddress(args[0])
	if err != nil {
		return a, codes.QueryBadArg.Wrapf("%q: %v", args[0], err)
	}
	return a, nil
}

func queryMember(kv store.KV, args []string) (any, error) {
	addr, err := addressArg(args)
	if err != nil {
		return nil, err
	}
	m, ok := membership.GetMember(kv, addr)
	if !ok {
		return nil, codes.QueryNotFound.Wrapf("no member %s", addr)
	}
	return m, nil
}

// Account is the answer to /account: the member and its next sequence.
type Account struct {
	Member   membership.Member `json:"member"`
	Sequence uint64            `json:"sequence"`
}

func queryAccount(kv store.KV, args []string) (any, error) {
	addr, err := addressArg(args)
	if err != nil {
		return nil, err
	}
	m, ok := membership.GetMember(kv, addr)
	if !ok {
		return nil, codes.QueryNotFound.Wrapf("no member %s", addr)
	}
	return Account{Member: m, Sequence: membership.Sequence(kv, addr)}, nil
}

func queryMembers(kv store.KV, args []string) (any, error) {
	j := ""
	if len(args) > 0 {
		j = args[0]
	}
	return membership.MembersOf(kv, j), nil
}

func queryMisbehaviour(kv store.KV, args []string) (any, error) {
	var addr []byte
	if len(args) > 0 && args[0] != "" {
		b, err := hex.DecodeString(args[0])
		if err != nil || len(b) != 20 {
			return nil, codes.QueryBadArg.Wrapf("validator address must be 40 hex digits")
		}
		addr = b
	}
	return membership.MisbehaviourOf(kv, addr), nil
}

func queryMemberByKey(kv store.KV, args []string) (any, error) {
	if len(args) != 1 {
		return nil, codes.QueryBadArg.Wrapf("want one public key argument (hex)")
	}
	pk, err := secp.ParsePubKeyHex(args[0])
	if err != nil {
		return nil, codes.QueryBadArg.Wrapf("%v", err)
	}
	m, ok := membership.MemberByPubKey(kv, pk)
	if !ok {
		return nil, codes.QueryNotFound.Wrapf("no member uses key %s", pk)
	}
	return m, nil
}

// DumpCommitted calls fn for every key of the latest committed state, in
// key order. It is meant for tests and debugging.
func (a *App) DumpCommitted(fn func(key, value []byte)) {
	a.committed.Iterate(nil, nil, func(k, v []byte) bool {
		fn(k, v)
		return true
	})
}
