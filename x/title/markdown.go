package title

import "strings"

// MarkdownTable renders the state machine as the table docs/transferable.md
// shows: one row per state, one column per step, each cell the next state
// (→ state) or the refusal code.
func MarkdownTable() string {
	var b strings.Builder
	b.WriteString("| state \\ step |")
	for _, s := range Steps {
		b.WriteString(" " + s + " |")
	}
	b.WriteString("\n|---|")
	for range Steps {
		b.WriteString("---|")
	}
	b.WriteString("\n")
	for _, st := range States {
		b.WriteString("| **" + st + "** |")
		for _, s := range Steps {
			c := Can(st, s)
			if c.Allowed() {
				b.WriteString(" → " + c.Next + " |")
			} else {
				b.WriteString(" `" + c.Refuse.Error() + "` |")
			}
		}
		b.WriteString("\n")
	}
	return b.String()
}
