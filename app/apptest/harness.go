package apptest

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"path/filepath"
	"testing"
	"time"

	abci "github.com/cometbft/cometbft/abci/types"
	"github.com/cometbft/cometbft/crypto/ed25519"
	cryptoenc "github.com/cometbft/cometbft/crypto/encoding"
	"github.com/corridor-trade/corridor/app"
	"github.com/corridor-trade/corridor/crypto/secp"
	"github.com/corridor-trade/corridor/internal/netgen"
	"github.com/corridor-trade/corridor/tx"
	"github.com/corridor-trade/corridor/x/gov"
	"github.com/corridor-trade/corridor/x/kit"
	"github.com/corridor-trade/corridor/x/kit/paths"
	"github.com/corridor-trade/corridor/x/kit/store/iavlstore"
	"github.com/corridor-trade/corridor/x/membership"
)

// ChainID is the chain-id of every harness unless WithChainID sets another.
const ChainID = "corridor-test-1"

// Harness is an application under test.
type Harness struct {
	T        testing.TB
	App      *app.App
	Keys     map[string]*secp.PrivKey // sample members: "sh-operator", "sg-trader", ...
	Height   int64
	Time     time.Time
	Dir      string
	appState map[string]json.RawMessage
	params   *membership.Params
	pending  map[secp.Address]uint64
	genesis  *abci.RequestInitChain
	// validators are the genesis validators (WithValidators).
	validators []Validator
	snaps      iavlstore.SnapshotOptions
	// ChainID is this harness's chain-id (ChainID unless WithChainID).
	ChainID string
}

// WithChainID gives the harness another chain-id than ChainID, so that
// two harnesses can be each other's docking counterparties.
func WithChainID(id string) Option {
	return func(h *Harness) { h.ChainID = id }
}

// WithSnapshots gives the application a snapshot directory (under the
// harness's) and takes a state-sync snapshot every interval blocks.
func WithSnapshots(interval int64, chunkSize int) Option {
	return func(h *Harness) {
		h.snaps = iavlstore.SnapshotOptions{Dir: filepath.Join(h.Dir, "snapshots"), Interval: interval, ChunkSize: chunkSize}
	}
}

// Validator is a genesis validator of WithValidators; its key is
// ValidatorKey(Name).
type Validator struct {
	Name, Jurisdiction string
	Power              int64
}

// WithValidators replaces the default single SG validator (a devnet) with
// vals; the gov genesis is then the default one (not a devnet) unless
// WithAppState sets it.
func WithValidators(vals ...Validator) Option {
	return func(h *Harness) { h.validators = vals }
}

// ValidatorKey derives a deterministic consensus key from a name (the
// default validator is "apptest validator"'s key, named "validator").
func ValidatorKey(name string) ed25519.PrivKey {
	if name == "validator" {
		name = "apptest validator"
	}
	return ed25519.GenPrivKeyFromSecret([]byte(name))
}

// WithParams sets the membership parameters (tx size, messages, quota).
func WithParams(p membership.Params) Option {
	return func(h *Harness) { h.params = &p }
}

// Option adjusts a harness before InitChain.
type Option func(*Harness)

// WithAppState sets a module's genesis.
func WithAppState(module string, v any) Option {
	return func(h *Harness) {
		b, err := json.Marshal(v)
		if err != nil {
			h.T.Fatal(err)
		}
		h.appState[module] = b
	}
}

// GenesisTime is the block time of height 1; each block adds 5 seconds.
var GenesisTime = time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC)

// New starts an application in a temporary directory (goleveldb, so that
// reopen tests see real files) and runs InitChain with the default
// jurisdictions, one validator and the default sample members.
func New(t testing.TB, opts ...Option) *Harness {
	t.Helper()
	h := &Harness{T: t, Keys: map[string]*secp.PrivKey{}, Time: GenesisTime, Dir: t.TempDir(),
		appState: map[string]json.RawMessage{}, pending: map[secp.Address]uint64{}, ChainID: ChainID}
	for _, o := range opts {
		o(h)
	}
	a, err := app.New(app.Options{Dir: h.Dir, Backend: "goleveldb", Snapshots: h.snaps})
	if err != nil {
		t.Fatal(err)
	}
	h.App = a
	t.Cleanup(func() { a.Close() })

	js := netgen.DefaultJurisdictions()
	g := membership.Genesis{Jurisdictions: js, Params: h.params}
	for _, m := range netgen.DefaultMembers(js) {
		key := KeyFor(m.KeyName)
		h.Keys[m.KeyName] = key
		g.Members = append(g.Members, membership.GenesisMember{PubKey: key.PubKey(), Jurisdiction: m.Jurisdiction, Roles: m.Roles, Label: m.KeyName})
	}
	vals := h.validators
	if len(vals) == 0 {
		vals = []Validator{{Name: "validator", Jurisdiction: "SG", Power: 10}}
	}
	var updates []abci.ValidatorUpdate
	for _, v := range vals {
		g.Validators = append(g.Validators, membership.GenesisValidator{Name: v.Name, Jurisdiction: v.Jurisdiction, PubKey: ValidatorKey(v.Name).PubKey().Bytes(), Power: v.Power})
		pk, err := cryptoenc.PubKeyToProto(ValidatorKey(v.Name).PubKey())
		if err != nil {
			t.Fatal(err)
		}
		updates = append(updates, abci.ValidatorUpdate{PubKey: pk, Power: v.Power})
	}
	mb, _ := json.Marshal(g)
	state := map[string]json.RawMessage{"membership": mb}
	if len(h.validators) == 0 {
		// One validator, in SG: the harness is a devnet, and says so.
		gb, _ := json.Marshal(gov.DevnetGenesis())
		state["gov"] = gb
	}
	for k, v := range h.appState {
		state[k] = v
	}
	raw, _ := json.Marshal(state)
	h.genesis = &abci.RequestInitChain{
		ChainId: h.ChainID, Time: GenesisTime, InitialHeight: 1, AppStateBytes: raw,
		Validators: updates,
	}
	_, err = a.InitChain(context.Background(), h.genesis)
	if err != nil {
		t.Fatalf("InitChain: %v", err)
	}
	h.Block() // commit height 1 so that genesis state is queryable
	return h
}

// InitChainRequest returns the InitChain request New sent, so that a test
// can start another application on the same genesis (e.g. over a crash
// simulating database) and drive it with the harness's transactions.
func (h *Harness) InitChainRequest() *abci.RequestInitChain { return h.genesis }

// KeyFor derives a deterministic test key from a name, so that two
// harnesses have the same members and can be compared hash for hash. Never
// use such keys outside tests.
func KeyFor(name string) *secp.PrivKey {
	seed := sha256.Sum256([]byte("corridor/apptest/" + name))
	k, err := secp.PrivKeyFromBytes(seed[:])
	if err != nil {
		panic(err) // a SHA-256 output is a valid scalar with overwhelming probability
	}
	return k
}

// Addr returns the address of a sample member.
func (h *Harness) Addr(name string) secp.Address {
	k, ok := h.Keys[name]
	if !ok {
		h.T.Fatalf("no sample member %q", name)
	}
	return k.PubKey().Address()
}

// Tx signs msgs as the named member with its next sequence (counting
// transactions built since the last commit).
func (h *Harness) Tx(signer string, msgs ...kit.Msg) []byte {
	h.T.Helper()
	key, ok := h.Keys[signer]
	if !ok {
		h.T.Fatalf("no sample member %q", signer)
	}
	return h.TxWithKey(key, msgs...)
}

// TxWithKey signs msgs with key, using the account's next sequence.
func (h *Harness) TxWithKey(key *secp.PrivKey, msgs ...kit.Msg) []byte {
	h.T.Helper()
	addr := h.accountOf(key)
	seq, ok := h.pending[addr]
	if !ok {
		seq = h.Sequence(addr)
	}
	h.pending[addr] = seq + 1
	b, err := tx.Build(key, h.ChainID, seq, "", msgs...)
	if err != nil {
		h.T.Fatal(err)
	}
	return b
}

// accountOf finds the account currently using key (its address may differ
// from the key's own address after a rotation).
func (h *Harness) accountOf(key *secp.PrivKey) secp.Address {
	// The member record is indexed by public key; ask the application.
	var m membership.Member
	if res := h.query(paths.MemberByKey(key.PubKey().String()), &m); res.Code == 0 {
		return m.Address
	}
	return key.PubKey().Address()
}

// Sequence returns the committed next sequence of addr.
func (h *Harness) Sequence(addr secp.Address) uint64 {
	var acct membership.Account
	if res := h.query(paths.Account(addr.String()), &acct); res.Code != 0 {
		return 0
	}
	return acct.Sequence
}

// Check runs CheckTx.
func (h *Harness) Check(raw []byte) *abci.ResponseCheckTx {
	h.T.Helper()
	res, err := h.App.CheckTx(context.Background(), &abci.RequestCheckTx{Tx: raw, Type: abci.CheckTxType_New})
	if err != nil {
		h.T.Fatalf("CheckTx returned an error: %v", err)
	}
	return res
}

// Block finalizes and commits a block holding txs, then returns the results.
func (h *Harness) Block(txs ...[]byte) *abci.ResponseFinalizeBlock {
	h.T.Helper()
	return h.BlockWith(&abci.RequestFinalizeBlock{Txs: txs})
}

// BlockWith finalizes and commits a block described by req (height and
// time are filled in).
func (h *Harness) BlockWith(req *abci.RequestFinalizeBlock) *abci.ResponseFinalizeBlock {
	h.T.Helper()
	h.Height++
	h.Time = GenesisTime.Add(time.Duration(h.Height-1) * 5 * time.Second)
	req.Height, req.Time = h.Height, h.Time
	res, err := h.App.FinalizeBlock(context.Background(), req)
	if err != nil {
		h.T.Fatalf("FinalizeBlock(%d): %v", h.Height, err)
	}
	if len(res.TxResults) != len(req.Txs) {
		h.T.Fatalf("FinalizeBlock returned %d results for %d txs", len(res.TxResults), len(req.Txs))
	}
	if _, err := h.App.Commit(context.Background(), &abci.RequestCommit{}); err != nil {
		h.T.Fatalf("Commit(%d): %v", h.Height, err)
	}
	clear(h.pending)
	return res
}

// Deliver runs one transaction through CheckTx and, if admitted, a block
// of its own. It returns the CheckTx code's result when CheckTx rejects it.
func (h *Harness) Deliver(signer string, msgs ...kit.Msg) *abci.ExecTxResult {
	h.T.Helper()
	raw := h.Tx(signer, msgs...)
	return h.DeliverRaw(raw)
}

// DeliverRaw is Deliver for prepared bytes.
func (h *Harness) DeliverRaw(raw []byte) *abci.ExecTxResult {
	h.T.Helper()
	if c := h.Check(raw); c.Code != 0 {
		clear(h.pending)
		return &abci.ExecTxResult{Code: c.Code, Codespace: c.Codespace, Log: c.Log}
	}
	return h.Block(raw).TxResults[0]
}

// Query runs an ABCI query on the latest committed state and decodes a JSON
// answer into out (if non-nil and the query succeeded).
func (h *Harness) Query(path string, out any) *abci.ResponseQuery {
	h.T.Helper()
	return h.query(path, out)
}

func (h *Harness) query(path string, out any) *abci.ResponseQuery {
	res, err := h.App.Query(context.Background(), &abci.RequestQuery{Path: path})
	if err != nil {
		h.T.Fatalf("Query(%s): %v", path, err)
	}
	if res.Code == 0 && out != nil {
		if err := json.Unmarshal(res.Value, out); err != nil {
			h.T.Fatalf("Query(%s): decode %s: %v", path, res.Value, err)
		}
	}
	return res
}

// AppHash returns the app hash of the last commit.
func (h *Harness) AppHash() []byte {
	res, err := h.App.Info(context.Background(), &abci.RequestInfo{})
	if err != nil {
		h.T.Fatal(err)
	}
	return res.LastBlockAppHash
}

// StoreDump returns every key and value of the latest committed state, for
// asserting that a rejected transaction changed nothing but the signer's
// sequence.
func (h *Harness) StoreDump() map[string]string {
	h.T.Helper()
	out := map[string]string{}
	h.App.DumpCommitted(func(k, v []byte) { out[string(k)] = string(v) })
	return out
}
