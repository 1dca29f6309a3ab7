package formats

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// MaxJSONDepth is the deepest nesting of JSON objects and arrays that the
// strict decoder accepts. Real credentials and trade documents nest fewer
// than a dozen levels; the limit keeps hostile input from exhausting the
// stack of any later recursive walk.
const MaxJSONDepth = 64

// The stable rule identifiers reported by the strict JSON decoder.
const (
	RuleJSONTooLarge         = "json.too-large"
	RuleJSONEmpty            = "json.empty"
	RuleJSONSyntax           = "json.syntax"
	RuleJSONInvalidUTF8      = "json.invalid-utf8"
	RuleJSONInvalidEscape    = "json.invalid-surrogate"
	RuleJSONDuplicateKey     = "json.duplicate-key"
	RuleJSONTooDeep          = "json.too-deep"
	RuleJSONTrailingData     = "json.trailing-data"
	RuleJSONNotObject        = "json.not-object"
	RuleJSONNumberOutOfRange = "json.number-out-of-range"
)

// A decoded JSON value is one of: map[string]any (object), []any (array),
// string, json.Number, bool or nil. Numbers are kept as the exact text that
// was written, never converted to floating point by the decoder.

// decodeStrict decodes data as exactly one JSON value under the rules that
// every JSON adapter relies on: the input is at most MaxDocumentSize bytes,
// is valid UTF-8 (a leading byte-order mark is skipped), holds no duplicate
// object keys, nests at most MaxJSONDepth levels, contains no unpaired UTF-16
// surrogate escapes, and is followed by nothing but white space. Errors are
// *ParseError values whose Where is "line N column M" or a JSON path.
func decodeStrict(data []byte) (any, error) {
	if len(data) > MaxDocumentSize {
		return nil, jsonError(RuleJSONTooLarge, "",
			fmt.Sprintf("input is %d bytes; the limit is %d", len(data), MaxDocumentSize))
	}
	body := bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if !utf8.Valid(body) {
		off := firstInvalidUTF8(body)
		return nil, jsonError(RuleJSONInvalidUTF8, lineColumn(body, off), "input is not valid UTF-8")
	}
	if err := checkSyntax(body); err != nil {
		return nil, err
	}
	d := &strictDecoder{body: body, dec: json.NewDecoder(bytes.NewReader(body))}
	d.dec.UseNumber()
	tok, err := d.dec.Token()
	if err == io.EOF {
		return nil, jsonError(RuleJSONEmpty, "", "input holds no JSON value")
	}
	if err != nil {
		return nil, d.syntaxError(err)
	}
	v, err := d.value(tok)
	if err != nil {
		return nil, err
	}
	if _, err := d.dec.Token(); err != io.EOF {
		if err != nil {
			return nil, d.syntaxError(err)
		}
		return nil, jsonError(RuleJSONTrailingData, lineColumn(body, int(d.dec.InputOffset())),
			"more data follows the JSON value")
	}
	if off := findLoneSurrogate(body); off >= 0 {
		return nil, jsonError(RuleJSONInvalidEscape, lineColumn(body, off),
			"string holds an unpaired UTF-16 surrogate escape")
	}
	return v, nil
}

// checkSyntax validates body with encoding/json's scanner before any value
// is built, so that every syntax error is reported at the offending
// character: json.SyntaxError.Offset from Unmarshal counts the bytes read up
// to and including that character.
func checkSyntax(body []byte) error {
	var raw json.RawMessage
	err := json.Unmarshal(body, &raw)
	if err == nil {
		return nil
	}
	var se *json.SyntaxError
	if !errors.As(err, &se) {
		return jsonError(RuleJSONSyntax, "", err.Error())
	}
	if strings.TrimSpace(string(body)) == "" {
		return jsonError(RuleJSONEmpty, "", "input holds no JSON value")
	}
	off := int(se.Offset) - 1
	rule := RuleJSONSyntax
	switch {
	case strings.Contains(se.Error(), "unexpected end"):
		off = len(body)
	case strings.Contains(se.Error(), "after top-level value"):
		rule = RuleJSONTrailingData
	case strings.Contains(se.Error(), "exceeded max depth"):
		rule = RuleJSONTooDeep
	}
	return jsonError(rule, lineColumn(body, off), se.Error())
}

// strictDecoder walks the token stream of one JSON value.
type strictDecoder struct {
	body  []byte
	dec   *json.Decoder
	depth int
	path  []string // JSON path segments of the value being decoded
}

// value decodes the value that starts with tok.
func (d *strictDecoder) value(tok json.Token) (any, error) {
	switch t := tok.(type) {
	case json.Delim:
		switch t {
		case '{':
			return d.object()
		case '[':
			return d.array()
		}
		return nil, jsonError(RuleJSONSyntax, d.here(), fmt.Sprintf("unexpected %q", string(t)))
	case string, json.Number, bool, nil:
		return t, nil
	}
	return nil, jsonError(RuleJSONSyntax, d.here(), "unexpected token")
}

// enter records one more level of nesting and refuses to go past MaxJSONDepth.
func (d *strictDecoder) enter() error {
	d.depth++
	if d.depth > MaxJSONDepth {
		return jsonError(RuleJSONTooDeep, d.here(),
			fmt.Sprintf("JSON nests deeper than %d levels at %s", MaxJSONDepth, d.pathString()))
	}
	return nil
}

// object decodes the members of an object whose '{' has been read.
func (d *strictDecoder) object() (any, error) {
	if err := d.enter(); err != nil {
		return nil, err
	}
	obj := map[string]any{}
	for {
		tok, err := d.dec.Token()
		if err != nil {
			return nil, d.syntaxError(err)
		}
		if delim, ok := tok.(json.Delim); ok && delim == '}' {
			break
		}
		key, ok := tok.(string)
		if !ok {
			return nil, jsonError(RuleJSONSyntax, d.here(), "object key is not a string")
		}
		d.path = append(d.path, objectSegment(key))
		if _, dup := obj[key]; dup {
			return nil, jsonError(RuleJSONDuplicateKey, d.pathString(),
				fmt.Sprintf("key %q appears twice in one object (%s)", truncate(key, 64), d.here()))
		}
		tok, err = d.dec.Token()
		if err != nil {
			return nil, d.syntaxError(err)
		}
		v, err := d.value(tok)
		if err != nil {
			return nil, err
		}
		obj[key] = v
		d.path = d.path[:len(d.path)-1]
	}
	d.depth--
	return obj, nil
}

// array decodes the elements of an array whose '[' has been read.
func (d *strictDecoder) array() (any, error) {
	if err := d.enter(); err != nil {
		return nil, err
	}
	arr := []any{}
	for i := 0; ; i++ {
		tok, err := d.dec.Token()
		if err != nil {
			return nil, d.syntaxError(err)
		}
		if delim, ok := tok.(json.Delim); ok && delim == ']' {
			break
		}
		d.path = append(d.path, fmt.Sprintf("[%d]", i))
		v, err := d.value(tok)
		if err != nil {
			return nil, err
		}
		arr = append(arr, v)
		d.path = d.path[:len(d.path)-1]
	}
	d.depth--
	return arr, nil
}

// here returns the decoder's current position as "line N column M".
func (d *strictDecoder) here() string {
	return lineColumn(d.body, int(d.dec.InputOffset()))
}

// pathString renders the current JSON path, such as $.data.issuers[0].name.
func (d *strictDecoder) pathString() string {
	return "$" + strings.Join(d.path, "")
}

// syntaxError converts an error from encoding/json into a ParseError that
// names the line and column where decoding stopped.
func (d *strictDecoder) syntaxError(err error) error {
	off := int(d.dec.InputOffset())
	var se *json.SyntaxError
	if errors.As(err, &se) {
		off = int(se.Offset)
	}
	msg := err.Error()
	if errors.Is(err, io.ErrUnexpectedEOF) || err == io.EOF {
		msg = "unexpected end of input"
		off = len(d.body)
	}
	return jsonError(RuleJSONSyntax, lineColumn(d.body, off), msg)
}

// objectSegment renders one object key as a JSON path segment: .name for
// simple keys and ["..."] for anything else.
func objectSegment(key string) string {
	simple := key != ""
	for _, r := range key {
		if !(r == '_' || r == '$' || r == '@' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			simple = false
			break
		}
	}
	if simple {
		return "." + key
	}
	b, _ := json.Marshal(truncate(key, 64))
	return "[" + string(b) + "]"
}

// truncate shortens s to at most n bytes without splitting a UTF-8 sequence,
// so that hostile keys cannot flood error messages.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}

// jsonError builds a ParseError for a JSON input whose format is not yet known.
func jsonError(rule, where, msg string) *ParseError {
	return &ParseError{Format: FormatRaw, Rule: rule, Where: where, Msg: msg}
}

// lineColumn converts a byte offset into "line N column M"; both count from
// one and the column counts characters, not bytes.
func lineColumn(b []byte, off int) string {
	if off < 0 {
		off = 0
	}
	if off > len(b) {
		off = len(b)
	}
	line := 1 + bytes.Count(b[:off], []byte("\n"))
	start := bytes.LastIndexByte(b[:off], '\n') + 1
	col := 1 + utf8.RuneCount(b[start:off])
	return fmt.Sprintf("line %d column %d", line, col)
}

// firstInvalidUTF8 returns the offset of the first byte that does not start
// a valid UTF-8 sequence, or -1.
func firstInvalidUTF8(b []byte) int {
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size <= 1 {
			return i
		}
		i += size
	}
	return -1
}

// findLoneSurrogate scans syntactically valid JSON text for a \u escape of a
// UTF-16 surrogate that is not part of a high-low pair and returns its
// offset, or -1. encoding/json silently turns such escapes into U+FFFD, while
// JavaScript keeps them; refusing them keeps every hash in this package equal
// to what the JavaScript reference implementations compute.
func findLoneSurrogate(b []byte) int {
	inString := false
	for i := 0; i < len(b); i++ {
		c := b[i]
		if !inString {
			inString = c == '"'
			continue
		}
		switch c {
		case '"':
			inString = false
		case '\\':
			if i+5 >= len(b) || b[i+1] != 'u' {
				i++ // skip the escaped character
				continue
			}
			r := hex4(b[i+2 : i+6])
			switch {
			case r >= 0xD800 && r <= 0xDBFF:
				if i+11 < len(b) && b[i+6] == '\\' && b[i+7] == 'u' {
					if r2 := hex4(b[i+8 : i+12]); r2 >= 0xDC00 && r2 <= 0xDFFF {
						i += 11
						continue
					}
				}
				return i
			case r >= 0xDC00 && r <= 0xDFFF:
				return i
			}
			i += 5
		}
	}
	return -1
}

// hex4 decodes four hexadecimal digits, returning -1 if any is not a digit.
func hex4(b []byte) int {
	v := 0
	for _, c := range b {
		switch {
		case c >= '0' && c <= '9':
			v = v<<4 | int(c-'0')
		case c >= 'a' && c <= 'f':
			v = v<<4 | int(c-'a'+10)
		case c >= 'A' && c <= 'F':
			v = v<<4 | int(c-'A'+10)
		default:
			return -1
		}
	}
	return v
}

// Accessors for decoded JSON values. Each returns the zero value and false
// when the member is absent or has another type.

// getObject returns obj[key] if it is an object.
func getObject(obj map[string]any, key string) (map[string]any, bool) {
	v, ok := obj[key].(map[string]any)
	return v, ok
}

// getString returns obj[key] if it is a string.
func getString(obj map[string]any, key string) (string, bool) {
	v, ok := obj[key].(string)
	return v, ok
}

// getArray returns obj[key] if it is an array.
func getArray(obj map[string]any, key string) ([]any, bool) {
	v, ok := obj[key].([]any)
	return v, ok
}

// stringOrStrings returns v as a list of strings when it is a string or an
// array holding only strings.
func stringOrStrings(v any) ([]string, bool) {
	switch t := v.(type) {
	case string:
		return []string{t}, true
	case []any:
		out := make([]string, 0, len(t))
		for _, e := range t {
			s, ok := e.(string)
			if !ok {
				return nil, false
			}
			out = append(out, s)
		}
		return out, true
	}
	return nil, false
}
