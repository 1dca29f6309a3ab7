package formats

import (
	"bytes"
	"fmt"
)

// syntax is the outer syntax of an input, decided from its first bytes.
type syntax int

const (
	syntaxUnknown syntax = iota
	syntaxXML
	syntaxEDIFACT
	syntaxJSON
)

// sniff decides the outer syntax from the first non-blank bytes, skipping a
// UTF-8 byte-order mark.
func sniff(data []byte) syntax {
	b := bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	b = bytes.TrimLeft(b, " \t\r\n")
	switch {
	case len(b) == 0:
		return syntaxUnknown
	case b[0] == '<':
		return syntaxXML
	case b[0] == '{':
		return syntaxJSON
	case bytes.HasPrefix(b, []byte("UNA")) || bytes.HasPrefix(b, []byte("UNB")) || bytes.HasPrefix(b, []byte("UNH+")):
		// A bare message (UNH…UNT without an interchange envelope) is
		// EDIFACT too; the adapter accepts it.
		return syntaxEDIFACT
	}
	return syntaxUnknown
}

// Parse detects the format of data, parses it and returns the documents it
// holds with their canonical hashes. Input that is not a recognised format is
// returned as one FormatRaw document hashed byte for byte. Input larger than
// MaxDocumentSize is refused before parsing.
func Parse(data []byte) ([]Document, error) {
	if len(data) > MaxDocumentSize {
		return nil, &ParseError{Format: FormatRaw, Rule: "input.too-large",
			Msg: fmt.Sprintf("input is %d bytes; the limit is %d", len(data), MaxDocumentSize)}
	}
	switch sniff(data) {
	case syntaxXML:
		return parseXML(data)
	case syntaxEDIFACT:
		return parseEDIFACT(data)
	case syntaxJSON:
		return parseJSON(data)
	}
	return []Document{RawDocument(data)}, nil
}

// RawDocument returns data as a FormatRaw document whose canonical hash is
// the SHA-256 of its bytes.
func RawDocument(data []byte) Document {
	h := RawHash(data)
	return Document{Format: FormatRaw, Profile: ProfileRaw, Kind: KindUnknown, RawSHA256: h, CanonicalHash: h}
}
