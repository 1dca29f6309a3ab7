package membership

import (
	"encoding/hex"

	"github.com/corridor-trade/corridor/codes"
	"github.com/corridor-trade/corridor/crypto/secp"
	"github.com/corridor-trade/corridor/x/kit"
	"github.com/corridor-trade/corridor/x/kit/paths"
	"github.com/corridor-trade/corridor/x/kit/store"
)

// Queries returns this module's query handlers, by first path segment
// (docs/membership.md, "Queries"):
//
//	member/<address>                 one member
//	member-by-key/<public key hex>   the member that signs with a key
//	account/<address>                a member and its next sequence
//	members[/<jurisdiction>]         every member, or one jurisdiction's
//	jurisdictions                    the partner jurisdictions
//	validators                       the validators and their jurisdictions
//	misbehaviour[/<validator hex>]   committed evidence against validators
//	params                           the membership parameters
func Queries() map[string]kit.QueryFunc {
	return map[string]kit.QueryFunc{
		paths.NameMember:        queryMember,
		paths.NameMemberByKey:   queryMemberByKey,
		paths.NameAccount:       queryAccount,
		paths.NameMembers:       queryMembers,
		paths.NameJurisdictions: func(kv store.KV, _ []string) (any, error) { return Jurisdictions(kv), nil },
		paths.NameValidators:    func(kv store.KV, _ []string) (any, error) { return Validators(kv), nil },
		paths.NameMisbehaviour:  queryMisbehaviour,
		paths.NameParams:        func(kv store.KV, _ []string) (any, error) { return GetParams(kv), nil },
	}
}

// Account is the answer to account/<address>: the member and its next
// sequence.
type Account struct {
	Member   Member `json:"member"`
	Sequence uint64 `json:"sequence"`
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
	m, ok := GetMember(kv, addr)
	if !ok {
		return nil, codes.QueryNotFound.Wrapf("no member %s", addr)
	}
	return m, nil
}

func queryAccount(kv store.KV, args []string) (any, error) {
	addr, err := addressArg(args)
	if err != nil {
		return nil, err
	}
	m, ok := GetMember(kv, addr)
	if !ok {
		return nil, codes.QueryNotFound.Wrapf("no member %s", addr)
	}
	return Account{Member: m, Sequence: Sequence(kv, addr)}, nil
}

func queryMembers(kv store.KV, args []string) (any, error) {
	j := ""
	if len(args) > 0 {
		j = args[0]
	}
	return MembersOf(kv, j), nil
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
	return MisbehaviourOf(kv, addr), nil
}

func queryMemberByKey(kv store.KV, args []string) (any, error) {
	if len(args) != 1 {
		return nil, codes.QueryBadArg.Wrapf("want one public key argument (hex)")
	}
	pk, err := secp.ParsePubKeyHex(args[0])
	if err != nil {
		return nil, codes.QueryBadArg.Wrapf("%v", err)
	}
	m, ok := MemberByPubKey(kv, pk)
	if !ok {
		return nil, codes.QueryNotFound.Wrapf("no member uses key %s", pk)
	}
	return m, nil
}
