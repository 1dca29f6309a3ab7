// Command corridord is the Corridor node daemon and command-line client.
//
// One binary runs a validator (CometBFT in-process with the Corridor
// application), manages keys and genesis, sends transactions and queries,
// and verifies documents and certificates. Every command accepts
// -o/--output text|json.
package main

import (
	"errors"
	"fmt"
	"os"
)

func main() {
	root := newRootCmd()
	if err := root.Execute(); err != nil {
		var ec exitCoder
		if errors.As(err, &ec) {
			os.Exit(ec.ExitCode())
		}
		fmt.Fprintln(os.Stderr, "Error:", err)
		os.Exit(1)
	}
}
