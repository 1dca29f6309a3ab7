// Command corridord is the Corridor node daemon and command-line client.
//
// One binary runs a validator (CometBFT in-process with the Corridor
// application), manages keys and genesis, sends transactions and queries,
// and verifies documents and certificates. Every command accepts
// -o/--output text|json; with json a failure is a JSON object on stdout
// carrying the stable error code (docs/errors.md).
package main
