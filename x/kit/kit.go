package kit

import (
	"encoding/json"
	"strconv"
	"time"

	"github.com/corridor-trade/corridor/codec"
	"github.com/corridor-trade/corridor/crypto/secp"
	"github.com/corridor-trade/corridor/x/kit/store"
)

// Context is what a message handler may use: the state to read and write,
// the block it runs in, and the signer. Handlers must not use the wall
// clock, goroutines, floats or map iteration order; Time is the block time.
type Context struct {
	KV      store.KV
	ChainID string
	Height  int64
	Time    time.Time
	TxHash  [32]byte
	MsgIdx  int
	Signer  secp.Address
	events  []Event

	// checked is the signer as the application's transaction checks read
	// it, while nothing the transaction does can have changed it (see
	// CheckedSigner); signerText memoises Signer's bech32 form.
	checked       *Signer
	signerText    string
	signerTextFor secp.Address
}

// SetCheckedSigner records s, the signer the application checked (a
// member, active, with Signer's address) against the state this context
// reads, before any of the transaction's messages ran; nil forgets it. The
// application sets it for a transaction's first message and clears it
// before the next one, since a message may change its own signer.
func (c *Context) SetCheckedSigner(s *Signer) { c.checked = s }

// CheckedSigner returns the signer the application checked before this
// message, when no earlier message of the transaction ran: it is then the
// member record the handler would read at Signer, active. Handlers that
// need only the signer's address and jurisdiction use it to skip reading
// and decoding the member record again (docs/performance.md, "Round
// three"); when ok is false they read the record.
func (c *Context) CheckedSigner() (Signer, bool) {
	if c.checked == nil || c.checked.Address != c.Signer || !c.checked.Active {
		return Signer{}, false
	}
	return *c.checked, true
}

// SignerString returns Signer's text form (secp.Address.String), computed
// once per context: a transaction's events name the signer more than once.
func (c *Context) SignerString() string {
	if c.signerText == "" || c.signerTextFor != c.Signer {
		c.signerText, c.signerTextFor = c.Signer.String(), c.Signer
	}
	return c.signerText
}

// AddressString is a.String(), from the memo of SignerString when a is
// the signer.
func (c *Context) AddressString(a secp.Address) string {
	if a == c.Signer {
		return c.SignerString()
	}
	return a.String()
}

// Event is a typed, indexed record of what a transaction did; CometBFT's
// tx_search finds transactions by the indexed attributes.
type Event struct {
	Type  string
	Attrs []Attr
}

// Attr is one event attribute.
type Attr struct {
	Key, Value string
	Index      bool
}

// Emit records an event. Attributes are indexed.
func (c *Context) Emit(typ string, kv ...string) {
	ev := Event{Type: typ}
	if len(kv) >= 2 {
		ev.Attrs = make([]Attr, 0, len(kv)/2) // sized once, not grown per pair
	}
	for i := 0; i+1 < len(kv); i += 2 {
		ev.Attrs = append(ev.Attrs, Attr{Key: kv[i], Value: kv[i+1], Index: true})
	}
	c.events = append(c.events, ev)
}

// Unindex marks the named attributes of the event emitted last as not
// indexed: they stay in the event (and so in /tx and /block_results), but
// CometBFT's kv indexer writes no key for them, so tx_search cannot find
// transactions by them. Use it for attributes no query filters on; each
// indexed attribute costs every indexing node a database key per
// transaction.
func (c *Context) Unindex(keys ...string) {
	if len(c.events) == 0 {
		return
	}
	ev := &c.events[len(c.events)-1]
	for i := range ev.Attrs {
		for _, k := range keys {
			if ev.Attrs[i].Key == k {
				ev.Attrs[i].Index = false
			}
		}
	}
}

// Events returns the events emitted so far.
func (c *Context) Events() []Event { return c.events }

// Msg is one action inside a transaction.
type Msg interface {
	// Type is the stable message name, e.g. "membership/admit"; it is part
	// of the transaction encoding.
	Type() string
	// ValidateBasic checks the message without reading state.
	ValidateBasic() error
}

// Get decodes the record at key into v, reporting whether it existed. A
// stored record that does not decode is a broken invariant and panics; the
// application turns that into a halt, never into a committed state.
func Get(kv store.KV, key []byte, v any) bool {
	b := kv.Get(key)
	if b == nil {
		return false
	}
	if err := codec.Unmarshal(b, v); err != nil {
		panic(&CorruptState{Key: key, Err: err})
	}
	return true
}

// Put encodes v canonically and stores it at key.
func Put(kv store.KV, key []byte, v any) { kv.Set(key, codec.Marshal(v)) }

// CorruptState is the panic value for a stored record that cannot be
// decoded.
type CorruptState struct {
	Key []byte
	Err error
}

func (c *CorruptState) Error() string {
	return "corrupt state at key " + string(c.Key) + ": " + c.Err.Error()
}

// Key joins a prefix and parts into a store key. Parts are separated by '/'
// and must not themselves contain '/' unless they are fixed-length binary.
func Key(prefix string, parts ...[]byte) []byte {
	n := len(prefix)
	for _, p := range parts {
		n += len(p) + 1
	}
	k := make([]byte, 0, n)
	k = append(k, prefix...)
	for _, p := range parts {
		k = append(k, '/')
		k = append(k, p...)
	}
	return k
}

// Uint64Key returns v as 8 big-endian bytes, so numeric keys sort in order.
func Uint64Key(v uint64) []byte {
	return []byte{byte(v >> 56), byte(v >> 48), byte(v >> 40), byte(v >> 32), byte(v >> 24), byte(v >> 16), byte(v >> 8), byte(v)}
}

// Stamp is a (height, block time) pair recorded in status histories.
type Stamp struct {
	Height   int64 `wire:"1" json:"height"`
	TimeUnix int64 `wire:"2" json:"-"` // nanoseconds since the Unix epoch
}

// StampOf returns the context's current stamp.
func (c *Context) Stamp() Stamp { return Stamp{Height: c.Height, TimeUnix: c.Time.UnixNano()} }

// Time returns the stamp's block time in UTC.
func (s Stamp) Time() time.Time { return time.Unix(0, s.TimeUnix).UTC() }

// MarshalJSON writes the stamp as {"height": H, "time": "RFC 3339"}.
func (s Stamp) MarshalJSON() ([]byte, error) {
	return []byte(`{"height":` + strconv.FormatInt(s.Height, 10) + `,"time":"` + s.Time().Format(time.RFC3339Nano) + `"}`), nil
}

// UnmarshalJSON reads the form MarshalJSON writes.
func (s *Stamp) UnmarshalJSON(b []byte) error {
	var v struct {
		Height int64     `json:"height"`
		Time   time.Time `json:"time"`
	}
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	s.Height, s.TimeUnix = v.Height, v.Time.UnixNano()
	return nil
}
