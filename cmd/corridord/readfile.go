package main

import (
	"github.com/corridor-trade/corridor/formats"
	"github.com/corridor-trade/corridor/internal/readlimit"
)

// readDocFile reads a trade document of at most formats.MaxDocumentSize
// bytes, a limit that holds however large the file grows while read (a
// size from Stat does not: /proc files report 0).
func readDocFile(path string) ([]byte, error) {
	return readlimit.ReadFile(path, formats.MaxDocumentSize)
}

// readJSONFile reads a JSON file of at most readlimit.MaxJSONFile bytes.
func readJSONFile(path string) ([]byte, error) {
	return readlimit.ReadFile(path, readlimit.MaxJSONFile)
}
