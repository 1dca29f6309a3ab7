package docking

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"time"

	cmttypes "github.com/cometbft/cometbft/types"
	"github.com/corridor-trade/corridor/codec"
	"github.com/corridor-trade/corridor/codes"
	"github.com/corridor-trade/corridor/crypto/secp"
	"github.com/corridor-trade/corridor/x/invoice"
	"github.com/corridor-trade/corridor/x/kit"
	"github.com/corridor-trade/corridor/x/kit/store"
	"github.com/corridor-trade/corridor/x/membership"
)

// Routes lists this module's messages for the application's router.
// Registration needs an operator; updates and docking may come from any
// active member, because the chain verifies everything they carry.
func Routes() []kit.Route {
	return []kit.Route{
		{Type: TypeRegisterClient, Role: membership.RoleOperator, New: func() kit.Msg { return &MsgRegisterClient{} }, Handle: func(c *kit.Context, m kit.Msg) error { return RegisterClient(c, m.(*MsgRegisterClient)) }},
		{Type: TypeUpdateClient, Role: "", New: func() kit.Msg { return &MsgUpdateClient{} }, Handle: func(c *kit.Context, m kit.Msg) error { return UpdateClient(c, m.(*MsgUpdateClient)) }},
		{Type: TypeDock, Role: "", New: func() kit.Msg { return &MsgDock{} }, Handle: func(c *kit.Context, m kit.Msg) error { return Dock(c, m.(*MsgDock)) }},
		{Type: TypeMisbehaviour, Role: "", New: func() kit.Msg { return &MsgSubmitMisbehaviour{} }, Handle: func(c *kit.Context, m kit.Msg) error {
			return SubmitMisbehaviour(c, m.(*MsgSubmitMisbehaviour))
		}},
	}
}

// Event types.
const (
	EventClient = "docking_client"
	EventAnchor = "docking_anchor"
)

// RegisterClient registers a counterparty chain for the signing operator's
// jurisdiction, or replaces its frozen, expired or notary client (see
// MsgRegisterClient), deleting the replaced client's headers.
func RegisterClient(ctx *kit.Context, msg *MsgRegisterClient) error {
	op, ok := membership.ActiveMember(ctx.KV, ctx.Signer)
	if !ok {
		return codes.TxUnknownSigner.Wrapf("signer %s is not an active member", ctx.Signer)
	}
	if !op.HasRole(membership.RoleOperator) {
		return codes.TxWrongRole.Wrapf("signer %s does not hold the operator role", ctx.Signer)
	}
	if msg.ChainID == ctx.ChainID {
		return codes.DockingBadClient.Wrapf("%s is this chain's own chain-id", msg.ChainID)
	}
	c := Client{ChainID: msg.ChainID, Type: msg.ClientType, Jurisdiction: op.Jurisdiction, RegisteredBy: op.Address,
		Registered: ctx.Stamp(), Description: msg.Description, Epoch: 1}
	old, exists := GetClient(ctx.KV, msg.ChainID)
	if exists {
		st := Status(ctx.KV, &old, ctx.Time)
		if st == StatusActive && old.Type != TypeNotary {
			return codes.DockingClientExists.Wrapf("a client for %s is already registered and active (epoch %d)", msg.ChainID, old.Epoch)
		}
		if old.Jurisdiction != op.Jurisdiction {
			return codes.DockingClientExists.Wrapf("the %s client of %s belongs to %s; only an operator of %s may replace it", st, msg.ChainID, old.Jurisdiction, old.Jurisdiction)
		}
		reason := st
		switch {
		case old.Frozen != nil:
			reason = "frozen: " + old.Frozen.Reason
		case st == StatusActive:
			reason = "notary set replaced"
		}
		c.Epoch = old.Epoch + 1
		c.Retired = append(old.Retired, Retirement{Epoch: old.Epoch, At: ctx.Stamp(), By: op.Address, Frozen: old.Frozen != nil, Reason: reason})
		// The old headers go; a failing registration discards this with
		// every other write of the transaction.
		deleteConsensus(ctx.KV, c.ChainID)
	}
	switch msg.ClientType {
	case TypeCometBFT:
		c.TrustingPeriod, c.MaxClockDrift = msg.TrustingPeriod, msg.MaxClockDrift
		sh, err := DecodeSignedHeader(msg.TrustedHeader, msg.ChainID)
		if err != nil {
			return codes.DockingBadHeader.Wrapf("trusted header: %v", err)
		}
		vs, err := DecodeValidatorSet(msg.TrustedValidators)
		if err != nil {
			return codes.DockingBadHeader.Wrapf("trusted validators: %v", err)
		}
		if err := checkSelfSigned(sh, vs); err != nil {
			return err
		}
		cs := newConsensus(ctx, sh, vs)
		if expired(&c, &cs, ctx.Time) {
			return codes.DockingClientExpired.Wrapf("trusted header %d (time %s) is older than the trusting period %s at this block's time %s",
				sh.Height, sh.Time.UTC().Format(time.RFC3339), c.Trusting(), ctx.Time.UTC().Format(time.RFC3339))
		}
		if !sh.Time.Before(ctx.Time.Add(c.Drift())) {
			return codes.DockingBadHeader.Wrapf("trusted header time %s is in the future of this block's time %s beyond the clock drift %s",
				sh.Time.UTC().Format(time.RFC3339), ctx.Time.UTC().Format(time.RFC3339), c.Drift())
		}
		c.LatestHeight = sh.Height
		kit.Put(ctx.KV, ConsensusKey(c.ChainID, sh.Height), &cs)
	case TypeNotary:
		c.Notaries, c.Threshold = msg.Notaries, msg.Threshold
	}
	kit.Put(ctx.KV, ClientKey(c.ChainID), &c)
	if exists {
		ctx.Emit(EventClient, "action", "replaced", "chain_id", c.ChainID, "epoch", strconv.FormatUint(c.Epoch, 10),
			"reason", c.Retired[len(c.Retired)-1].Reason)
	}
	ctx.Emit(EventClient, "action", "registered", "chain_id", c.ChainID, "client_type", c.Type,
		"jurisdiction", c.Jurisdiction, "height", strconv.FormatInt(c.LatestHeight, 10))
	return nil
}

// newConsensus builds the consensus state of a verified header.
func newConsensus(ctx *kit.Context, sh *cmttypes.SignedHeader, vs *cmttypes.ValidatorSet) Consensus {
	hb, err := EncodeSignedHeader(sh)
	if err != nil {
		panic(err)
	}
	vb, err := EncodeValidatorSet(vs)
	if err != nil {
		panic(err)
	}
	return Consensus{Height: sh.Height, Time: sh.Time.UnixNano(), HeaderHash: sh.Hash(), AppHash: append([]byte(nil), sh.AppHash...),
		SignedHeader: hb, Validators: vb, Stored: ctx.Stamp()}
}

// activeClient loads a client that is not frozen and has type typ.
func activeClient(ctx *kit.Context, chainID, typ string) (Client, error) {
	c, ok := GetClient(ctx.KV, chainID)
	if !ok {
		return c, codes.DockingClientNotFound.Wrapf("no client is registered for %s", chainID)
	}
	if c.Type != typ {
		return c, codes.DockingWrongClientType.Wrapf("the client of %s is a %s client; this needs a %s client", chainID, c.Type, typ)
	}
	if f := c.Frozen; f != nil {
		return c, codes.DockingClientFrozen.Wrapf("the client of %s was frozen at height %d: %s", chainID, f.At.Height, f.Reason)
	}
	return c, nil
}

// UpdateClient verifies a newer header of a cometbft counterparty and
// stores it. A valid header that conflicts with a stored one (another hash
// for the same height, or a time out of order with its stored neighbours)
// freezes the client instead: the transaction succeeds, the client is
// frozen and a docking_client event with action "frozen" is emitted.
func UpdateClient(ctx *kit.Context, msg *MsgUpdateClient) error {
	c, err := activeClient(ctx, msg.ChainID, TypeCometBFT)
	if err != nil {
		return err
	}
	sh, vs, err := verifiedHeader(ctx, &c, msg.Header, msg.Validators, msg.TrustedHeight)
	if err != nil {
		return err
	}
	hash := sh.Hash()
	if stored, ok := GetConsensus(ctx.KV, c.ChainID, sh.Height); ok {
		if bytes.Equal(stored.HeaderHash, hash) {
			return codes.DockingHeaderExists.Wrapf("the client of %s already holds header %d (%X)", c.ChainID, sh.Height, hash)
		}
		freeze(ctx, &c, sh.Height, stored.HeaderHash, hash, "two valid headers for one height")
		return nil
	}
	below, above := neighbours(ctx.KV, c.ChainID, sh.Height)
	if below != nil && below.Time >= sh.Time.UnixNano() {
		freeze(ctx, &c, sh.Height, below.HeaderHash, hash, "header time is not after the stored header "+strconv.FormatInt(below.Height, 10))
		return nil
	}
	if above != nil && above.Time <= sh.Time.UnixNano() {
		freeze(ctx, &c, sh.Height, above.HeaderHash, hash, "header time is not before the stored header "+strconv.FormatInt(above.Height, 10))
		return nil
	}
	cs := newConsensus(ctx, sh, vs)
	kit.Put(ctx.KV, ConsensusKey(c.ChainID, sh.Height), &cs)
	if sh.Height > c.LatestHeight {
		c.LatestHeight = sh.Height
		kit.Put(ctx.KV, ClientKey(c.ChainID), &c)
	}
	pruneExpired(ctx, &c)
	ctx.Emit(EventClient, "action", "updated", "chain_id", c.ChainID, "height", strconv.FormatInt(sh.Height, 10),
		"header_hash", hexUpper(hash))
	return nil
}

// verifiedHeader decodes a header and its validator set and verifies them
// from the stored header at trustedHeight (0: the highest stored below).
func verifiedHeader(ctx *kit.Context, c *Client, header, vals []byte, trustedHeight int64) (*cmttypes.SignedHeader, *cmttypes.ValidatorSet, error) {
	sh, err := DecodeSignedHeader(header, c.ChainID)
	if err != nil {
		return nil, nil, codes.DockingBadHeader.Wrapf("%v", err)
	}
	vs, err := DecodeValidatorSet(vals)
	if err != nil {
		return nil, nil, codes.DockingBadHeader.Wrapf("%v", err)
	}
	var trusted Consensus
	if trustedHeight == 0 {
		below, _ := neighbours(ctx.KV, c.ChainID, sh.Height)
		if below == nil {
			return nil, nil, codes.DockingHeightUnknown.Wrapf("the client of %s holds no header below %d to verify from", c.ChainID, sh.Height)
		}
		trusted = *below
	} else {
		var ok bool
		if trusted, ok = GetConsensus(ctx.KV, c.ChainID, trustedHeight); !ok {
			return nil, nil, codes.DockingHeightUnknown.Wrapf("the client of %s holds no header at trusted height %d", c.ChainID, trustedHeight)
		}
	}
	if err := verifyHeader(c, &trusted, sh, vs, ctx.Time); err != nil {
		return nil, nil, err
	}
	return sh, vs, nil
}

// SubmitMisbehaviour verifies two headers and freezes the client if they
// conflict.
func SubmitMisbehaviour(ctx *kit.Context, msg *MsgSubmitMisbehaviour) error {
	c, err := activeClient(ctx, msg.ChainID, TypeCometBFT)
	if err != nil {
		return err
	}
	h1, _, err := verifiedHeader(ctx, &c, msg.Header1, msg.Validators1, msg.TrustedHeight1)
	if err != nil {
		return err
	}
	h2, _, err := verifiedHeader(ctx, &c, msg.Header2, msg.Validators2, msg.TrustedHeight2)
	if err != nil {
		return err
	}
	if h1.Height > h2.Height {
		h1, h2 = h2, h1
	}
	hash1, hash2 := h1.Hash(), h2.Hash()
	switch {
	case h1.Height == h2.Height && !bytes.Equal(hash1, hash2):
		freeze(ctx, &c, h1.Height, hash1, hash2, "two valid headers for one height")
	case h1.Height < h2.Height && !h1.Time.Before(h2.Time):
		freeze(ctx, &c, h2.Height, hash1, hash2, "header time is not after that of header "+strconv.FormatInt(h1.Height, 10))
	default:
		return codes.DockingNoMisbehaviour.Wrapf("headers %d and %d of %s verify and agree", h1.Height, h2.Height, c.ChainID)
	}
	return nil
}

// maxPrune bounds the headers one update deletes.
const maxPrune = 32

// pruneExpired deletes, oldest first, up to maxPrune stored headers that
// are past the trusting period at the block time, never the latest. They
// can verify nothing any more; anchors docked with them are kept.
func pruneExpired(ctx *kit.Context, c *Client) {
	var keys [][]byte
	store.IteratePrefix(ctx.KV, consensusPrefix(c.ChainID), func(k, v []byte) bool {
		var cs Consensus
		mustDecode(k, v, &cs)
		if cs.Height == c.LatestHeight || !expired(c, &cs, ctx.Time) || len(keys) == maxPrune {
			return false
		}
		keys = append(keys, bytes.Clone(k))
		return true
	})
	for _, k := range keys {
		ctx.KV.Delete(k)
	}
}

// freeze marks c frozen because of a conflict at height.
func freeze(ctx *kit.Context, c *Client, height int64, stored, presented []byte, reason string) {
	c.Frozen = &Freeze{At: ctx.Stamp(), Height: height, Stored: stored, Presented: presented, Reason: reason}
	kit.Put(ctx.KV, ClientKey(c.ChainID), c)
	ctx.Emit(EventClient, "action", "frozen", "chain_id", c.ChainID, "height", strconv.FormatInt(height, 10),
		"stored_header_hash", hexUpper(stored), "presented_header_hash", hexUpper(presented), "reason", reason)
}

// Dock verifies a counterparty record and stores it as a foreign anchor.
func Dock(ctx *kit.Context, msg *MsgDock) error {
	var a ForeignAnchor
	var err error
	if len(msg.Proof) != 0 {
		a, err = dockProved(ctx, msg)
	} else {
		a, err = dockNotarised(ctx, msg)
	}
	if err != nil {
		return err
	}
	c, _ := GetClient(ctx.KV, msg.ChainID)
	if prev, ok := GetAnchor(ctx.KV, msg.DocHash, msg.ChainID); ok && prev.Height >= msg.Height && !c.FrozenEpoch(prev.Epoch) {
		return codes.DockingAlreadyDocked.Wrapf("document %x of %s is already docked at height %d (here at height %d)",
			msg.DocHash, msg.ChainID, prev.Height, prev.Docked.Height)
	}
	a.DocHash, a.ChainID, a.Height = msg.DocHash, msg.ChainID, msg.Height
	a.Key = append([]byte(nil), msg.Key...)
	a.ValueHash = sha256.Sum256(msg.Value)
	a.Docked, a.DockedBy, a.Epoch = ctx.Stamp(), ctx.Signer, c.Epoch
	kit.Put(ctx.KV, AnchorKey(a.DocHash, a.ChainID), &a)
	ctx.Emit(EventAnchor, "action", "docked", "chain_id", a.ChainID, "hash", hex.EncodeToString(a.DocHash[:]),
		"height", strconv.FormatInt(a.Height, 10), "client_type", a.ClientType, "status", a.Status)
	return nil
}

// dockProved checks an ICS-23 proof of a counterparty invoice anchor.
func dockProved(ctx *kit.Context, msg *MsgDock) (ForeignAnchor, error) {
	if _, err := activeClient(ctx, msg.ChainID, TypeCometBFT); err != nil {
		return ForeignAnchor{}, err
	}
	if _, ok := GetConsensus(ctx.KV, msg.ChainID, msg.Height); !ok {
		return ForeignAnchor{}, codes.DockingHeightUnknown.Wrapf("the client of %s holds no header at height %d (it holds %s)",
			msg.ChainID, msg.Height, heightsSummary(Heights(ctx.KV, msg.ChainID)))
	}
	if msg.Profile != "" {
		return ForeignAnchor{}, codes.DockingBadRecord.Wrapf("a proved record carries its own profile; leave profile empty")
	}
	if want := invoice.InvoiceKey(msg.DocHash); !bytes.Equal(msg.Key, want) {
		return ForeignAnchor{}, codes.DockingBadRecord.Wrapf("key %x is not the invoice anchor key %x of document %x", msg.Key, want, msg.DocHash)
	}
	if _, err := VerifyValue(ctx, msg.ChainID, msg.Height, msg.Key, msg.Value, msg.Proof); err != nil {
		return ForeignAnchor{}, err
	}
	var inv invoice.Invoice
	if err := codec.Unmarshal(msg.Value, &inv); err != nil || len(inv.History) == 0 {
		return ForeignAnchor{}, codes.DockingBadRecord.Wrapf("the proved value is not an invoice anchor")
	}
	return ForeignAnchor{ClientType: TypeCometBFT, Profile: inv.ProfileName(), Status: inv.Status(), Issuer: inv.Issuer}, nil
}

// NotaryStatus is the status of a record docked on notaries' word.
const NotaryStatus = "notarised"

// dockNotarised checks a k-of-n notary quorum's signatures.
func dockNotarised(ctx *kit.Context, msg *MsgDock) (ForeignAnchor, error) {
	c, err := activeClient(ctx, msg.ChainID, TypeNotary)
	if err != nil {
		return ForeignAnchor{}, err
	}
	if msg.Profile == "" {
		return ForeignAnchor{}, codes.DockingBadRecord.Wrapf("a notarised record must name its document profile")
	}
	digest := NotaryDigest(msg.ChainID, msg.Height, msg.Key, sha256.Sum256(msg.Value), msg.DocHash, msg.Profile)
	var signed []secp.PubKey
	for _, s := range msg.Signatures {
		if !registered(c.Notaries, s.PubKey) || contains(signed, s.PubKey) {
			continue
		}
		if secp.Verify(s.PubKey, digest, s.Signature) == nil {
			signed = append(signed, s.PubKey)
		}
	}
	if uint32(len(signed)) < c.Threshold {
		return ForeignAnchor{}, codes.DockingNotaryThreshold.Wrapf("%d distinct registered notaries signed validly; the client of %s needs %d of %d",
			len(signed), c.ChainID, c.Threshold, len(c.Notaries))
	}
	return ForeignAnchor{ClientType: TypeNotary, Profile: msg.Profile, Status: NotaryStatus}, nil
}

func registered(keys []secp.PubKey, pk secp.PubKey) bool { return contains(keys, pk) }

func contains(keys []secp.PubKey, pk secp.PubKey) bool {
	for _, k := range keys {
		if k == pk {
			return true
		}
	}
	return false
}

func heightsSummary(hs []int64) string {
	switch len(hs) {
	case 0:
		return "none"
	case 1:
		return strconv.FormatInt(hs[0], 10)
	}
	return strconv.Itoa(len(hs)) + " headers from " + strconv.FormatInt(hs[0], 10) + " to " + strconv.FormatInt(hs[len(hs)-1], 10)
}
