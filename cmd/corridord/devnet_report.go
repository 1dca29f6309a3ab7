package main

import (
	"encoding/json"
	"fmt"
	"io"
)

// devnetReport writes the devnet's progress: for a person, notes on stderr
// and the demonstration on stdout; with -o json, one JSON object per line
// on stdout.
type devnetReport struct {
	json     bool
	out, log io.Writer
}

// note reports a progress event: text for a person, or the event and its
// fields as one JSON line.
func (r devnetReport) note(event string, fields map[string]any, text string) {
	if !r.json {
		fmt.Fprintln(r.log, text)
		return
	}
	r.emit(event, fields)
}

// emit writes one JSON line {"event": event, fields...}.
func (r devnetReport) emit(event string, fields map[string]any) {
	m := map[string]any{"event": event}
	for k, v := range fields {
		m[k] = v
	}
	b, err := json.Marshal(m)
	if err != nil { // not expected: callers pass strings and string slices
		fmt.Fprintf(r.log, "devnet: cannot report %q: %v\n", event, err)
		return
	}
	fmt.Fprintf(r.out, "%s\n", b)
}
