// Package kit is what every domain module under x/ shares: the Context a
// message handler runs in, the Msg interface, events, and small helpers for
// reading and writing canonical records. It holds no state and no logic of
// its own.
package kit
