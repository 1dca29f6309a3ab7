package fetch

import (
	"bytes"
	"context"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"sort"
	"time"

	cmtbytes "github.com/cometbft/cometbft/libs/bytes"
	rpcclient "github.com/cometbft/cometbft/rpc/client"
	coretypes "github.com/cometbft/cometbft/rpc/core/types"
	cmttypes "github.com/cometbft/cometbft/types"
	"github.com/corridor-trade/corridor/anchorplan"
	"github.com/corridor-trade/corridor/client"
	"github.com/corridor-trade/corridor/crypto/secp"
	"github.com/corridor-trade/corridor/proof"
	"github.com/corridor-trade/corridor/x/docking"
	"github.com/corridor-trade/corridor/x/export"
	"github.com/corridor-trade/corridor/x/identity"
	"github.com/corridor-trade/corridor/x/invoice"
	"github.com/corridor-trade/corridor/x/kit"
	"github.com/corridor-trade/corridor/x/kit/paths"
	"github.com/corridor-trade/corridor/x/membership"
	"github.com/corridor-trade/corridor/x/title"
)

// RPC is the part of CometBFT's RPC client the builder uses.
type RPC interface {
	Status(ctx context.Context) (*coretypes.ResultStatus, error)
	ABCIQueryWithOptions(ctx context.Context, path string, data cmtbytes.HexBytes, opts rpcclient.ABCIQueryOptions) (*coretypes.ResultABCIQuery, error)
	Commit(ctx context.Context, height *int64) (*coretypes.ResultCommit, error)
	Validators(ctx context.Context, height *int64, page, perPage *int) (*coretypes.ResultValidators, error)
}

// Options tune Build.
type Options struct {
	// Height is the proof height H; 0 means the latest committed height at
	// the time of the call, waiting (up to NextBlockWait) for header H+1,
	// which carries its app hash — so that what was just committed is
	// what gets proven.
	//
	// Before waiting, Build tries the height below, latest−1, whose header
	// (latest) already exists: it builds the certificate there and then
	// runs the same reads once more at the latest height, without proofs
	// (the lists it iterates included, so a new entry shows up as a new
	// key). When keys and values are equal (the block time aside), the
	// certificate proves the same facts as the latest state, and it is
	// returned at once instead of about one block interval later; when
	// anything differs, or the latest height cannot be read yet, Build
	// waits and proves the latest height as before. WaitForNext skips the
	// try.
	Height int64
	// WaitForNext makes a Height-0 build always wait for the next header
	// and prove the latest committed height (the block time included).
	WaitForNext bool
	// NextBlockWait bounds that wait (default 30 s).
	NextBlockWait time.Duration
	// Batch places the document inside an anchored batch.
	Batch *anchorplan.Member
	// TrustHeight, when set, adds the light block of that height to the
	// certificate, for verification with header trust.
	TrustHeight int64
	// GenesisValidators is the validator set genesis trust starts from,
	// for the hops a certificate carries when the validator set of its
	// header is another (proof.Certificate.Hops, computed by Hops); nil
	// means the node's: the validator set of height 1, or its genesis
	// document's when it no longer has height 1.
	GenesisValidators *cmttypes.ValidatorSet
	// Jurisdictions restricts the recognition records fetched; empty
	// means every jurisdiction.
	Jurisdictions []string
	// Status names the revocation status to prove as well (proof.StatusRefOf
	// of the document); the builder records which list version is in force.
	Status *proof.StatusRef
	// Attestation names the identity attestation a credential is the
	// source of; its record (and its attester's) is proven as well, for
	// the credential verdict's attested line.
	Attestation *[32]byte
}

// BuildCertificate fetches the certificate of the document with hash
// docHash from the node behind c, at the latest provable height.
func BuildCertificate(ctx context.Context, c *client.Client, docHash [32]byte) (*proof.Certificate, error) {
	return Build(ctx, c.RPC, docHash, Options{})
}

// Build fetches a certificate through rpc. It checks nothing the node says
// beyond what it needs to continue (answers that decode); the verifier
// checks the rest.
func Build(ctx context.Context, rpc RPC, docHash [32]byte, opts Options) (*proof.Certificate, error) {
	st, err := rpc.Status(ctx)
	if err != nil {
		return nil, fmt.Errorf("node status: %w", err)
	}
	latest := st.SyncInfo.LatestBlockHeight
	h := opts.Height
	if h == 0 {
		if !opts.WaitForNext && latest >= 2 {
			// The quick path: the height whose header exists, if the latest
			// state holds the same facts (Options.Height).
			cert, b, err := buildAt(ctx, rpc, docHash, opts, latest-1, latest, nil)
			if err == nil {
				// The same reads at the latest height, without proofs.
				_, now, err := buildAt(ctx, rpc, docHash, opts, latest, latest, &cert.Block)
				if err == nil && b.sameReads(now) {
					return cert, nil
				}
			}
		}
		h = latest
		if latest, err = waitForHeight(ctx, rpc, h+1, opts.NextBlockWait); err != nil {
			return nil, err
		}
	}
	cert, _, err := buildAt(ctx, rpc, docHash, opts, h, latest, nil)
	return cert, err
}

// buildAt builds the certificate of docHash at height h, with the header
// of h+1, on a node whose latest height is latest. With dry set it only
// reads, without proofs, what the certificate would read at h, taking dry
// as the light block (header h+1 does not exist yet; dry's signers stand
// in for its own), and adds no hops: Build compares those reads with a
// certificate's.
func buildAt(ctx context.Context, rpc RPC, docHash [32]byte, opts Options, h, latest int64, dry *proof.LightBlock) (*proof.Certificate, *builder, error) {
	if h < 1 {
		return nil, nil, fmt.Errorf("the node is at height %d: a proof needs two committed blocks", latest)
	}
	block := dry
	if dry == nil {
		if h+1 > latest {
			return nil, nil, fmt.Errorf("height %d cannot be proven yet: its app hash is in header %d and the node is at %d", h, h+1, latest)
		}
		var err error
		if block, err = lightBlock(ctx, rpc, h+1); err != nil {
			return nil, nil, err
		}
	}
	cert := &proof.Certificate{Format: proof.FormatVersion, ChainID: block.SignedHeader.ChainID, Height: h,
		Document: proof.DocumentRef{Hash: fmt.Sprintf("%x", docHash[:]), Batch: opts.Batch}, Block: *block}
	if opts.TrustHeight > 0 && dry == nil {
		var err error
		if cert.Trusted, err = lightBlock(ctx, rpc, opts.TrustHeight); err != nil {
			return nil, nil, err
		}
	}
	if dry == nil {
		if err := addHops(ctx, rpc, cert, opts); err != nil {
			return nil, nil, err
		}
	}

	b := &builder{ctx: ctx, rpc: rpc, height: h, prove: dry == nil, records: map[string]*proof.Record{}}
	kv := proof.NewFetchingKV(b.fetch)
	kit.BlockTime(kv)
	// Keys the checks find by iterating must be fetched first: the
	// jurisdictions and the issuer's legal-entity attestation index.
	js := opts.Jurisdictions
	if len(js) == 0 {
		var all []membership.Jurisdiction
		if err := b.queryJSON(paths.Jurisdictions(), &all); err != nil {
			return nil, nil, err
		}
		for _, j := range all {
			js = append(js, j.Code)
		}
	}
	for _, j := range js {
		kv.Get(membership.JurisdictionKey(j))
	}
	var issuer secp.Address
	if opts.Batch != nil {
		if bt, ok := invoice.GetBatch(kv, opts.Batch.Root); ok {
			issuer = bt.Issuer
		}
	} else if inv, ok := invoice.GetInvoice(kv, docHash); ok {
		issuer = inv.Issuer
	} else {
		// A document docked from a counterparty chain: its foreign anchors
		// are found by iterating, so fetch each one and its client first.
		var anchors []struct {
			ChainID string `json:"chain_id"`
		}
		if err := b.queryJSON(paths.DockingAnchors(hex.EncodeToString(docHash[:])), &anchors); err != nil {
			return nil, nil, err
		}
		for _, a := range anchors {
			kv.Get(docking.AnchorKey(docHash, a.ChainID))
			kv.Get(docking.ClientKey(a.ChainID))
		}
		if f, ok := docking.Facts(kv, docHash); ok {
			issuer = f.Issuer
		}
	}
	if !issuer.IsZero() {
		var list identity.List
		if err := b.queryJSON(paths.Attestations(issuer.String(), identity.ClaimLegalEntity), &list); err != nil {
			return nil, nil, err
		}
		for _, a := range list.Attestations {
			kv.Get(identity.SubjectIndexKey(identity.AddressSubject(issuer), identity.ClaimLegalEntity, a.ID))
		}
	}
	// The flows that declared the document are found by iterating their
	// index: fetch each entry first (the export line, docs/data-export.md).
	var exported struct {
		Flows []struct {
			ID export.Hash `json:"id"`
		} `json:"flows"`
	}
	if err := b.queryJSON(paths.ExportFlows(paths.ByDocument, hex.EncodeToString(docHash[:]), "", ""), &exported); err == nil {
		for _, f := range exported.Flows {
			kv.Get(export.DocumentIndexKey(docHash, f.ID))
		}
	}
	// The records of the document are found by iterating their index:
	// fetch each entry first (the transferable-record line, docs/transferable.md).
	var titles []struct {
		ID title.Hash `json:"id"`
	}
	if err := b.queryJSON(paths.Titles(paths.ByDocument, hex.EncodeToString(docHash[:])), &titles); err == nil {
		for _, r := range titles {
			kv.Get(title.DocumentIndexKey(docHash, r.ID))
		}
	}
	if b.err != nil {
		return nil, nil, b.err
	}
	proof.CollectReads(kv, docHash, &cert.Document, opts.Jurisdictions, block)
	if opts.Status != nil {
		ref := *opts.Status
		ref.Lists = append([]proof.ListRef(nil), opts.Status.Lists...)
		cert.Status = &ref
		proof.CollectStatusReads(kv, cert.Status)
	}
	if opts.Attestation != nil {
		cert.Attestation = fmt.Sprintf("%x", opts.Attestation[:])
		proof.CollectAttestationReads(kv, *opts.Attestation)
	}
	if b.err != nil {
		return nil, nil, b.err
	}
	if inv, ok := invoice.GetInvoice(kv, docHash); ok {
		cert.Document.Profile = inv.ProfileName()
	} else if f, ok := docking.Facts(kv, docHash); ok && opts.Batch == nil {
		cert.Document.Profile = f.Profile
	} else if opts.Batch != nil {
		if f, ok := invoice.MemberFacts(kv, opts.Batch.Root, docHash, opts.Batch.FieldRoot, opts.Batch.Index, opts.Batch.PathHashes()); ok {
			cert.Document.Profile = f.Profile
		}
	}
	keys := make([]string, 0, len(b.records))
	for k := range b.records {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		cert.Records = append(cert.Records, *b.records[k])
	}
	return cert, b, nil
}

type builder struct {
	ctx    context.Context
	rpc    RPC
	height int64
	// prove is false for a dry build (buildAt): values only, no proofs.
	prove   bool
	records map[string]*proof.Record
	err     error
}

// sameReads reports whether other read exactly the keys b read, with the
// same values — the block time aside, which changes with every block.
func (b *builder) sameReads(other *builder) bool {
	if len(b.records) != len(other.records) {
		return false
	}
	for k, r := range b.records {
		o, ok := other.records[k]
		if !ok {
			return false
		}
		if k == kit.BlockTimeKey {
			continue
		}
		if r.Exists != o.Exists || !bytes.Equal(r.Value, o.Value) {
			return false
		}
	}
	return true
}

// fetch asks the node for key with a proof at the builder's height.
func (b *builder) fetch(key []byte) ([]byte, bool) {
	if b.err != nil {
		return nil, false
	}
	res, err := b.rpc.ABCIQueryWithOptions(b.ctx, paths.Store(), key, rpcclient.ABCIQueryOptions{Height: b.height, Prove: b.prove})
	if err != nil {
		b.err = fmt.Errorf("store query for %s %x: %w", proof.KindOf(key), key, err)
		return nil, false
	}
	r := res.Response
	if r.Code != 0 {
		b.err = fmt.Errorf("store query for %s %x: %s (code %d)", proof.KindOf(key), key, r.Log, r.Code)
		return nil, false
	}
	if !b.prove {
		rec := &proof.Record{Kind: proof.KindOf(key), Key: append([]byte(nil), key...), Exists: len(r.Value) > 0}
		if rec.Exists {
			rec.Value = append([]byte{}, r.Value...)
		}
		b.records[string(key)] = rec
		return rec.Value, true
	}
	if r.ProofOps == nil || len(r.ProofOps.Ops) != 1 || r.ProofOps.Ops[0].Type != proof.ProofOpType {
		b.err = fmt.Errorf("store query for %s %x: the node sent no %s proof", proof.KindOf(key), key, proof.ProofOpType)
		return nil, false
	}
	data := r.ProofOps.Ops[0].Data
	rec := &proof.Record{Kind: proof.KindOf(key), Key: append([]byte(nil), key...), Proof: data}
	// The proof's kind says whether the node claims the key exists; an
	// undecodable proof is kept as sent, for the verifier to reject.
	if p, err := proof.DecodeProof(data); err == nil {
		rec.Exists = p.GetExist() != nil
	} else {
		rec.Exists = len(r.Value) > 0
	}
	if rec.Exists {
		rec.Value = append([]byte{}, r.Value...)
		rec.Decoded = proof.Decode(key, r.Value)
	}
	b.records[string(key)] = rec
	if !rec.Exists {
		return nil, true
	}
	return rec.Value, true
}

// queryJSON runs a JSON query at the builder's height.
func (b *builder) queryJSON(path string, out any) error {
	res, err := b.rpc.ABCIQueryWithOptions(b.ctx, path, nil, rpcclient.ABCIQueryOptions{Height: b.height})
	if err != nil {
		return fmt.Errorf("query %s: %w", path, err)
	}
	if res.Response.Code != 0 {
		return fmt.Errorf("query %s: %s", path, res.Response.Log)
	}
	return json.Unmarshal(res.Response.Value, out)
}

// lightBlock fetches the signed header and validator set of height h.
func lightBlock(ctx context.Context, rpc RPC, h int64) (*proof.LightBlock, error) {
	c, err := rpc.Commit(ctx, &h)
	if err != nil {
		return nil, fmt.Errorf("commit of height %d: %w", h, err)
	}
	if c.SignedHeader.Header == nil || c.SignedHeader.Commit == nil {
		return nil, fmt.Errorf("commit of height %d: the node sent no signed header", h)
	}
	sh := c.SignedHeader
	set, err := validatorSet(ctx, rpc, h)
	if err != nil {
		return nil, err
	}
	return &proof.LightBlock{SignedHeader: &sh, ValidatorSet: set}, nil
}

// validatorSet fetches the validator set of height h, every page of it.
func validatorSet(ctx context.Context, rpc RPC, h int64) (*cmttypes.ValidatorSet, error) {
	var vals []*cmttypes.Validator
	for page := 1; ; page++ {
		p, per := page, 100
		r, err := rpc.Validators(ctx, &h, &p, &per)
		if err != nil {
			return nil, fmt.Errorf("validators of height %d: %w", h, err)
		}
		vals = append(vals, r.Validators...)
		if len(vals) >= r.Total || len(r.Validators) == 0 {
			break
		}
	}
	set, err := cmttypes.ValidatorSetFromExistingValidators(vals)
	if err != nil {
		return nil, fmt.Errorf("validators of height %d: %w", h, err)
	}
	return set, nil
}

// waitForHeight polls the node until it has committed height want, and
// returns its latest height.
func waitForHeight(ctx context.Context, rpc RPC, want int64, wait time.Duration) (int64, error) {
	if wait <= 0 {
		wait = 30 * time.Second
	}
	deadline := time.Now().Add(wait)
	for {
		st, err := rpc.Status(ctx)
		if err != nil {
			return 0, fmt.Errorf("node status: %w", err)
		}
		if st.SyncInfo.LatestBlockHeight >= want {
			return st.SyncInfo.LatestBlockHeight, nil
		}
		if time.Now().After(deadline) {
			return 0, fmt.Errorf("the node did not commit block %d within %s (it is at %d): the app hash of height %d is in header %d",
				want, wait, st.SyncInfo.LatestBlockHeight, want-1, want)
		}
		select {
		case <-ctx.Done():
			return 0, ctx.Err()
		case <-time.After(200 * time.Millisecond):
		}
	}
}
