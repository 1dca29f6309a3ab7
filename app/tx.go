package app

import (
	"errors"
	"fmt"
	"time"

	"github.com/corridor-trade/corridor/codec"
	"github.com/corridor-trade/corridor/codes"
	"github.com/corridor-trade/corridor/crypto/secp"
	"github.com/corridor-trade/corridor/tx"
	"github.com/corridor-trade/corridor/x/kit"
	"github.com/corridor-trade/corridor/x/kit/store"
)

// checkedTx is a transaction that passed every check that does not run its
// messages.
type checkedTx struct {
	hash   [32]byte
	pubKey secp.PubKey
	body   *tx.Body
	signer kit.Signer
	msgs   []kit.Msg
}

// verifySignature maps secp's refusals to their stable codes.
func verifySignature(chainID string, env *tx.Envelope) error {
	err := secp.Verify(env.PubKey, tx.SignDigest(chainID, env.Body), env.Signature[:])
	switch {
	case err == nil:
		return nil
	case errors.Is(err, secp.ErrSigHighS):
		return codes.TxHighS.Wrapf("%v", err)
	case errors.Is(err, secp.ErrSigRange):
		return codes.TxSigRange.Wrapf("%v", err)
	case errors.Is(err, secp.ErrBadPubKey):
		return codes.TxBadPubKey.Wrapf("%v", err)
	default:
		return codes.TxBadSignature.Wrapf("%v", err)
	}
}

// decodeTx runs the checks that need nothing but the transaction's bytes:
// its size, its encoding and its chain-id. They are the first checks of
// checkTx, and what ProcessProposal refuses a block for: a transaction
// that fails them fails in every state, so no honest proposer includes it.
func (a *App) decodeTx(maxTxBytes uint64, raw []byte) (*tx.Envelope, *tx.Body, error) {
	if uint64(len(raw)) > maxTxBytes {
		return nil, nil, codes.TxTooLarge.Wrapf("%d bytes exceeds %d", len(raw), maxTxBytes)
	}
	env, body, err := tx.Decode(raw)
	if err != nil {
		return nil, nil, codes.TxMalformed.Wrapf("%v", err)
	}
	if body.ChainID != a.chainID {
		return nil, nil, codes.TxWrongChain.Wrapf("transaction is for chain %q, this is %q", body.ChainID, a.chainID)
	}
	return env, body, nil
}

// checkTx runs every check that does not execute messages, against kv (the
// check state in CheckTx, the block state in FinalizeBlock). It does not
// write. inCheck says kv is the check state (a.check, under checkMu), whose
// signers CheckTx reads through the check memo (app/checkmemo.go). limits are the membership parameters, read once per block (they
// are written only at genesis); the signer, its roles and its sequence are
// read through a.accounts (kit.Accounts), the only view of membership this
// package has. pre, when its ok is set, carries the
// decoding and signature verdict of FinalizeBlock's parallel pre-pass; the
// checks still run in the same order, so the same error wins either way.
func (a *App) checkTx(kv store.KV, inCheck bool, limits kit.TxLimits, raw []byte, pre decodedTx) (*checkedTx, error) {
	env, body, hash := pre.env, pre.body, pre.hash
	if !pre.ok {
		var err error
		if env, body, err = a.decodeTx(limits.MaxTxBytes, raw); err != nil {
			return nil, err
		}
		hash = tx.Hash(raw)
	}
	if len(body.Msgs) == 0 || uint64(len(body.Msgs)) > limits.MaxMsgs {
		return nil, codes.TxNoMessages.Wrapf("%d messages (allowed: 1 to %d)", len(body.Msgs), limits.MaxMsgs)
	}
	if len(body.Memo) > tx.MaxMemo {
		return nil, codes.TxInvalidMsg.Wrapf("memo is longer than %d bytes", tx.MaxMemo)
	}
	var signer kit.Signer
	var ok bool
	if inCheck {
		signer, ok = a.signerOf(env.PubKey)
	} else {
		signer, ok = a.accounts.SignerOf(kv, env.PubKey)
	}
	if !ok {
		// Every member's key was checked at admission, so a key that is
		// not a point on the curve can only belong to no member.
		if _, err := secp.ParsePubKey(env.PubKey[:]); err != nil {
			return nil, codes.TxBadPubKey.Wrapf("%v", err)
		}
		return nil, codes.TxUnknownSigner.Wrapf("key %s (address %s) belongs to no member", env.PubKey, env.PubKey.Address())
	}
	if !signer.Active {
		return nil, codes.TxSuspendedSigner.Wrapf("member %s is %s", signer.Address, signer.Status)
	}
	ct := &checkedTx{hash: hash, pubKey: env.PubKey, body: body, signer: signer, msgs: make([]kit.Msg, 0, len(body.Msgs))}
	for i, any := range body.Msgs {
		route, ok := a.reg.Routes[any.Type]
		if !ok {
			return nil, codes.TxUnknownMsg.Wrapf("message %d: unknown type %q", i, any.Type)
		}
		msg := route.New()
		if err := codec.Unmarshal(any.Value, msg); err != nil {
			return nil, codes.TxMalformed.Wrapf("message %d (%s): %v", i, any.Type, err)
		}
		if err := msg.ValidateBasic(); err != nil {
			if codes.Of(err) == codes.Internal {
				err = codes.TxInvalidMsg.Wrapf("%v", err)
			}
			return nil, fmt.Errorf("message %d (%s): %w", i, any.Type, err)
		}
		if route.Role != "" && !signer.HasRole(route.Role) {
			return nil, codes.TxWrongRole.Wrapf("message %d (%s) needs role %s; signer %s has %v",
				i, any.Type, route.Role, signer.Address, signer.Roles)
		}
		ct.msgs = append(ct.msgs, msg)
	}
	if want := a.accounts.Sequence(kv, signer.Address); body.Sequence != want {
		return nil, codes.TxBadSequence.Wrapf("sequence %d, expected %d for %s", body.Sequence, want, signer.Address)
	}
	// The signature comes last: it costs more than every other check
	// together (one curve multiplication with the signer's key), so a
	// transaction that fails a cheap check, such as a client's stale
	// sequence, is refused without it. Nothing before this point trusts
	// the transaction: the checks read only public state and the
	// transaction's own bytes, and nothing is written until all pass.
	sigErr := pre.sigErr
	if !pre.ok {
		sigErr = a.verifyCached(hash, env)
	}
	if sigErr != nil {
		return nil, sigErr
	}
	return ct, nil
}

// deliverTx applies a checked transaction to the block state: the sequence
// advances whether or not the messages succeed (so a failed transaction
// cannot be replayed), and the messages' writes land only if all succeed.
func (a *App) deliverTx(block *store.Cache, ct *checkedTx, height int64, t time.Time) ([]kit.Event, error) {
	a.accounts.SetSequence(block, ct.signer.Address, ct.body.Sequence+1)
	cache := store.NewCache(block)
	ctx := &kit.Context{KV: cache, ChainID: a.chainID, Height: height, Time: t, TxHash: ct.hash, Signer: ct.signer.Address}
	for i, msg := range ct.msgs {
		ctx.MsgIdx = i
		// The first message sees the signer exactly as checkTx read it
		// from this block state (only the sequence was written since);
		// a later one may follow a message that changed it.
		if i == 0 {
			ctx.SetCheckedSigner(&ct.signer)
		} else {
			ctx.SetCheckedSigner(nil)
		}
		if err := a.reg.Routes[msg.Type()].Handle(ctx, msg); err != nil {
			return nil, fmt.Errorf("message %d (%s): %w", i, msg.Type(), err)
		}
	}
	cache.Write()
	emitted := ctx.Events()
	// Sized once: the tx event, one message event per message, then the
	// handlers' events (issue 18: no regrowth per transaction).
	events := make([]kit.Event, 0, 1+len(ct.msgs)+len(emitted))
	events = append(events, kit.Event{Type: "tx", Attrs: []kit.Attr{
		{Key: "signer", Value: ctx.SignerString(), Index: true},
		{Key: "jurisdiction", Value: ct.signer.Jurisdiction},
	}})
	// tx.signer is indexed (a member's transactions); tx.jurisdiction and
	// message.type are for reading, and no query searches by them: each
	// indexed attribute is a key per transaction in every node's tx index.
	msgAttrs := make([]kit.Attr, len(ct.msgs))
	for i, msg := range ct.msgs {
		msgAttrs[i] = kit.Attr{Key: "type", Value: msg.Type()}
		events = append(events, kit.Event{Type: "message", Attrs: msgAttrs[i : i+1 : i+1]})
	}
	return append(events, emitted...), nil
}
