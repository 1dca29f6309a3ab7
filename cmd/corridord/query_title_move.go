package main

import (
	"fmt"
	"io"

	"github.com/corridor-trade/corridor/x/title"
)

// printMove prints a record's part in moves between chains (nothing for a
// record that never moved): away and where, or the mirror of which
// chain's record, with the heights here and there.
func printMove(w io.Writer, state string, m *title.Move) {
	if m == nil {
		return
	}
	switch {
	case m.Role == title.RoleMirror && state == title.StateReturned:
		fmt.Fprintf(w, "mirror    of a record of %s (move %d), received at height %d, sent home at height %d to %s\n",
			m.Chain, m.Seq, m.Arrived.Height, m.Sent.Height, m.Recipient)
	case m.Role == title.RoleMirror:
		fmt.Fprintf(w, "mirror    of a record of %s (move %d), received at height %d (lock proved at its height %d)\n",
			m.Chain, m.Seq, m.Arrived.Height, m.ProvedAt)
	case state == title.StateAway:
		fmt.Fprintf(w, "away      on %s since height %d (move %d), to %s; nothing can be done here until it is sent home\n",
			m.Chain, m.Sent.Height, m.Seq, m.Recipient)
	default:
		fmt.Fprintf(w, "moves     %d; last to %s, home since height %d (return proved at its height %d)\n",
			m.Seq, m.Chain, m.Arrived.Height, m.ProvedAt)
	}
}
