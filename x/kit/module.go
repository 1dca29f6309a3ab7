package kit

import (
	"github.com/corridor-trade/corridor/x/kit/store"
)

// Route ties a message type to its decoder, the role its signer must hold
// ("" for any active member) and its handler. Each module lists its routes
// in its Module; Register builds the application's router from them.
type Route struct {
	Type   string
	Role   string
	New    func() Msg
	Handle func(ctx *Context, msg Msg) error
}

// QueryFunc answers one query path against a read-only committed view; args
// are the path segments after the module's path. It returns a value that
// the application encodes as JSON, or a coded error.
type QueryFunc func(kv store.KV, args []string) (any, error)

// Module is everything the application needs from a domain module. The
// modules are listed once, in a fixed order, in x/wiring; the application
// (app/) and the offline verifier (proof/) both take them from there.
type Module struct {
	// Name is the module's key in genesis app_state.
	Name string
	// Routes are the module's messages.
	Routes []Route
	// Queries maps the first segment of a query path (a constant of
	// x/kit/paths) to its handler.
	Queries map[string]QueryFunc
	// InitGenesis writes the module's part of genesis (raw may be nil when
	// app_state has no entry for the module).
	InitGenesis func(kv store.KV, raw []byte, env GenesisEnv) error
	// ValidateGenesis checks the module's part of genesis without state.
	ValidateGenesis func(raw []byte) error
	// Misbehaviour, if set, records evidence CometBFT committed against a
	// validator; the application calls it in FinalizeBlock, after the
	// block's transactions.
	Misbehaviour func(ctx *Context, ev Misbehaviour)
	// BeginBlock, if set, runs before the block's transactions. An error
	// halts the node at this height (nothing of the block is committed);
	// *UpgradeNeeded is the expected one, at a scheduled upgrade.
	BeginBlock func(ctx *Context) error
	// EndBlock, if set, runs after the block's transactions and
	// misbehaviour hooks; its updates go to CometBFT in FinalizeBlock's
	// response.
	EndBlock func(ctx *Context) BlockUpdates
	// Accounts, if set, is the module's view for the application's
	// transaction checks (signers, roles, sequences, limits). Exactly one
	// module of the application provides it.
	Accounts Accounts
}

// GenesisEnv is what InitChain knows besides a module's own app_state
// entry.
type GenesisEnv struct {
	// At is the initial height and the genesis time.
	At Stamp
	// Validators are CometBFT's genesis validators, in the order InitChain
	// received them.
	Validators []ConsensusValidator
}

// ConsensusValidator is one of CometBFT's genesis validators.
type ConsensusValidator struct {
	Address []byte // CometBFT address of the key (20 bytes)
	PubKey  []byte // ed25519 consensus key (32 bytes)
	Power   int64
}

// Misbehaviour is one piece of evidence CometBFT committed in a block.
type Misbehaviour struct {
	Validator []byte // CometBFT address of the validator
	Kind      string // duplicate-vote, light-client-attack or unknown
	Height    int64  // height of the offence
	Power     int64  // the validator's power at that height
}
