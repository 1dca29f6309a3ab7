package formats

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
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
	RuleJSONInvalidSurrogate = "json.invalid-surrogate"
	RuleJSONDuplicateKey     = "json.duplicate-key"
	RuleJSONTooDeep          = "json.too-deep"
	RuleJSONTrailingData     = "json.trailing-data"
)

// A decoded JSON value is one of: map[string]any (object), []any (array),
// string, json.Number, bool or nil. Numbers are kept as the exact text that
// was written, never converted to floating point by the decoder.

// decodeStrict decodes data as exactly one JSON value under the rules that
// every JSON adapter relies on: the input is at most MaxDocumentSize bytes,
// is valid UTF-8 (a leading byte-order mark is skipped), is RFC 8259 JSON
// followed by nothing but white space, holds no duplicate object keys, nests
// at most MaxJSONDepth levels and contains no unpaired UTF-16 surrogate
// escapes. Errors are *ParseError values whose Where is "line N column M" or
// a JSON path.
//
// Three passes keep each job simple and the whole linear: encoding/json's
// scanner checks the syntax, checkStructure walks the now well-formed text
// for the rules encoding/json does not enforce, and encoding/json builds the
// value with numbers kept as json.Number.
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
	if err := checkStructure(body); err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, jsonError(RuleJSONSyntax, "", err.Error())
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
	if len(bytes.TrimLeft(body, " \t\r\n")) == 0 {
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

// structFrame is one open object or array met by checkStructure.
type structFrame struct {
	object    bool
	keys      map[string]struct{} // keys seen so far in an object
	expectKey bool                // the next string in this object is a key
	seg       pathSegment         // the current member or element
}

// pathSegment is one step of a JSON path: an object key, or an array index
// when index >= 0. Segments are rendered only when an error is reported.
type pathSegment struct {
	key   string
	index int
}

// checkStructure walks syntactically valid JSON text and refuses duplicate
// object keys, nesting deeper than MaxJSONDepth and \u escapes of unpaired
// UTF-16 surrogates. encoding/json accepts all three: it keeps the last of
// duplicate keys and silently turns lone surrogates into U+FFFD, whereas
// JavaScript keeps them, so refusing them keeps every hash in this package
// equal to what the JavaScript reference implementations compute.
func checkStructure(b []byte) error {
	var stack []*structFrame
	for i := 0; i < len(b); i++ {
		switch b[i] {
		case '{', '[':
			if len(stack) >= MaxJSONDepth {
				return jsonError(RuleJSONTooDeep, lineColumn(b, i),
					fmt.Sprintf("JSON nests deeper than %d levels at %s", MaxJSONDepth, renderPath(stack)))
			}
			f := &structFrame{object: b[i] == '{', seg: pathSegment{index: 0}}
			if f.object {
				f.keys = map[string]struct{}{}
				f.expectKey = true
				f.seg.index = -1
			}
			stack = append(stack, f)
		case '}', ']':
			stack = stack[:len(stack)-1]
		case ',':
			if top := stack[len(stack)-1]; top.object {
				top.expectKey = true
			} else {
				top.seg.index++
			}
		case '"':
			end, escaped, lone := scanString(b, i)
			if lone >= 0 {
				return jsonError(RuleJSONInvalidSurrogate, lineColumn(b, lone),
					"string holds an unpaired UTF-16 surrogate escape")
			}
			if len(stack) > 0 && stack[len(stack)-1].expectKey {
				top := stack[len(stack)-1]
				key := string(b[i+1 : end])
				if escaped {
					if err := json.Unmarshal(b[i:end+1], &key); err != nil {
						return jsonError(RuleJSONSyntax, lineColumn(b, i), err.Error())
					}
				}
				top.seg = pathSegment{key: key, index: -1}
				top.expectKey = false
				if _, dup := top.keys[key]; dup {
					return jsonError(RuleJSONDuplicateKey, renderPath(stack),
						fmt.Sprintf("key %q appears twice in one object (%s)", truncate(key, 64), lineColumn(b, i)))
				}
				top.keys[key] = struct{}{}
			}
			i = end
		}
	}
	return nil
}

// scanString scans the JSON string whose opening quote is at b[start]. It
// returns the index of the closing quote, whether the string holds escapes,
// and the offset of the first unpaired surrogate escape (or -1).
func scanString(b []byte, start int) (end int, escaped bool, lone int) {
	lone = -1
	for i := start + 1; i < len(b); i++ {
		switch b[i] {
		case '"':
			return i, escaped, lone
		case '\\':
			escaped = true
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
				if lone < 0 {
					lone = i
				}
			case r >= 0xDC00 && r <= 0xDFFF:
				if lone < 0 {
					lone = i
				}
			}
			i += 5
		}
	}
	return len(b), escaped, lone
}

// renderPath renders the JSON path of the innermost open value, such as
// $.data.issuers[0].name.
func renderPath(stack []*structFrame) string {
	var b strings.Builder
	b.WriteString("$")
	for _, f := range stack {
		switch {
		case f.seg.index >= 0:
			fmt.Fprintf(&b, "[%d]", f.seg.index)
		case !f.expectKey:
			b.WriteString(objectSegment(f.seg.key))
		}
	}
	return b.String()
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
