// Package membership is Corridor's permission layer: jurisdictions, their
// partner operators, the validators, and the members that operators admit.
//
// Only admitted, active members can sign transactions. Each member belongs to
// one jurisdiction and holds one or more roles (trader, bank, customs,
// attester, operator). An operator admits, suspends and reinstates members
// of its own jurisdiction only. A member may rotate its key; its address,
// derived from the key it was admitted with, stays the same.
//
// The module also keeps each account's sequence number (replay protection)
// and the misbehaviour CometBFT reports against validators.
package membership
