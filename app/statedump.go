package app

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"

	"github.com/cometbft/cometbft/crypto/ed25519"
	cmttypes "github.com/cometbft/cometbft/types"
	"github.com/corridor-trade/corridor/x/kit"
	"github.com/corridor-trade/corridor/x/kit/store"
)

// Export and import of the whole application state through genesis
// (`corridord export`, docs/operations.md "Export").
//
// The exported genesis carries app_state.state: every record of the state
// at one height, byte for byte, instead of one section per module. Each
// module's records are then exactly what that module wrote and reads, so
// no module needs a second, genesis-shaped copy of its data model that
// could drift from the first; the module code that reads them after the
// import is the same code that wrote them. What the import checks is the
// dump's format, its digest, key order, and that CometBFT's validators are
// the dump's validator records.

// StateDumpFormat is the version of app_state.state this build writes
// and the only one it imports.
const StateDumpFormat = 1

// StateDump is app_state.state of an exported genesis.
type StateDump struct {
	Format int `json:"format"`
	// Height, ChainID and AppHash say where the dump came from.
	Height  int64        `json:"height"`
	ChainID string       `json:"chain_id"`
	AppHash kit.HexBytes `json:"app_hash"`
	// Digest is the hex SHA-256 of the records (see digest).
	Digest  string   `json:"digest"`
	Records []Record `json:"records"`
}

// Record is one key and value of the state (base64 in JSON).
type Record struct {
	Key   []byte `json:"k"`
	Value []byte `json:"v"`
}

// notExported are keys a new chain writes for itself.
var notExported = map[string]bool{kit.ChainIDKey: true}

// digest hashes the records: for each, the 8-byte big-endian lengths and
// bytes of key and value.
func digest(recs []Record) string {
	h := sha256.New()
	var n [8]byte
	for _, r := range recs {
		for _, b := range [][]byte{r.Key, r.Value} {
			l := uint64(len(b))
			for i := 7; i >= 0; i-- {
				n[i] = byte(l)
				l >>= 8
			}
			h.Write(n[:])
			h.Write(b)
		}
	}
	return hex.EncodeToString(h.Sum(nil))
}

// Validate checks the dump's format, order and digest.
func (d *StateDump) Validate() error {
	if d.Format != StateDumpFormat {
		return fmt.Errorf("state dump format %d is not supported (this build imports format %d)", d.Format, StateDumpFormat)
	}
	for i, r := range d.Records {
		if len(r.Key) == 0 || r.Value == nil {
			return fmt.Errorf("record %d: empty key or missing value", i)
		}
		if i > 0 && bytes.Compare(d.Records[i-1].Key, r.Key) >= 0 {
			return fmt.Errorf("record %d: keys are not in strictly ascending order", i)
		}
		if notExported[string(r.Key)] {
			return fmt.Errorf("record %d: key %q is written by the new chain, not imported", i, r.Key)
		}
	}
	if got := digest(d.Records); got != d.Digest {
		return fmt.Errorf("state dump digest is %s, the records hash to %s (edited or truncated?)", d.Digest, got)
	}
	return nil
}

// importDump writes the dump into kv and checks that CometBFT's genesis
// validators are exactly the dump's validator records, read through recs.
func importDump(kv store.KV, d *StateDump, vals []kit.ConsensusValidator, recs kit.ValidatorRecords) error {
	if err := d.Validate(); err != nil {
		return err
	}
	for _, r := range d.Records {
		kv.Set(r.Key, r.Value)
	}
	recorded := recs.Validators(kv)
	if len(recorded) != len(vals) {
		return fmt.Errorf("CometBFT genesis has %d validators but the state has %d", len(vals), len(recorded))
	}
	byAddress := make(map[string]kit.ValidatorRecord, len(recorded))
	for _, v := range recorded {
		byAddress[string(v.ConsAddress)] = v
	}
	for _, cv := range vals {
		v, ok := byAddress[string(cv.Address)]
		if !ok || !bytes.Equal(v.PubKey, cv.PubKey) || v.Power != cv.Power {
			return fmt.Errorf("CometBFT validator %X (power %d) is not a validator of the exported state", cv.Address, cv.Power)
		}
	}
	return nil
}

// ExportGenesis returns a genesis for a new chain that starts from the
// committed state at height (0 = latest): app_state.state holds every
// record, the validators are the state's validator records, the initial
// height is height+1 and the genesis time the block time of height.
// source is the chain's genesis, whose consensus parameters are kept;
// chainID names the new chain ("" keeps the source's).
func (a *App) ExportGenesis(height int64, chainID string, source *cmttypes.GenesisDoc) (*cmttypes.GenesisDoc, error) {
	snap, err := a.tree.Snapshot(height)
	if err != nil {
		return nil, err
	}
	if snap.Version() == 0 {
		return nil, fmt.Errorf("no committed state to export")
	}
	d := &StateDump{Format: StateDumpFormat, Height: snap.Version(), ChainID: string(snap.Get([]byte(kit.ChainIDKey))), AppHash: snap.Hash()}
	snap.Iterate(nil, nil, func(k, v []byte) bool {
		if !notExported[string(k)] {
			d.Records = append(d.Records, Record{Key: append([]byte(nil), k...), Value: append([]byte{}, v...)})
		}
		return true
	})
	if err := a.tree.Err(); err != nil {
		return nil, err
	}
	d.Digest = digest(d.Records)
	raw, err := json.Marshal(map[string]any{"state": d})
	if err != nil {
		return nil, err
	}
	if chainID == "" {
		chainID = d.ChainID
	}
	gen := &cmttypes.GenesisDoc{
		ChainID: chainID, GenesisTime: kit.BlockTime(snap), InitialHeight: d.Height + 1,
		ConsensusParams: source.ConsensusParams, AppState: raw,
	}
	if gen.GenesisTime.IsZero() {
		gen.GenesisTime = source.GenesisTime
	}
	for _, v := range a.accounts.Validators(snap) {
		pub := ed25519.PubKey(v.PubKey)
		gen.Validators = append(gen.Validators, cmttypes.GenesisValidator{Address: pub.Address(), PubKey: pub, Power: v.Power, Name: v.Name})
	}
	if err := gen.ValidateAndComplete(); err != nil {
		return nil, fmt.Errorf("exported genesis: %w", err)
	}
	return gen, nil
}
