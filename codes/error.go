package codes

import (
	"errors"
	"fmt"
)

// Error is one entry of the table.
type Error struct {
	Codespace string
	Code      uint32
	Name      string // stable snake_case name, e.g. "unknown_signer"
	Desc      string // one sentence for docs/errors.md
}

// Error returns "codespace/name".
func (e *Error) Error() string { return e.Codespace + "/" + e.Name }

// Wrapf returns an error carrying e's code with a specific message.
func (e *Error) Wrapf(format string, args ...any) error {
	return &wrapped{code: e, msg: fmt.Sprintf(format, args...)}
}

// Is lets errors.Is match a wrapped error against its table entry.
func (e *Error) Is(target error) bool { return e == target }

type wrapped struct {
	code *Error
	msg  string
}

func (w *wrapped) Error() string { return w.code.Error() + ": " + w.msg }
func (w *wrapped) Unwrap() error { return w.code }

// Of returns the table entry carried by err: nil for nil, and Internal for
// errors that carry none (those are bugs, and are logged as such).
func Of(err error) *Error {
	if err == nil {
		return nil
	}
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	return Internal
}

var table []*Error

func def(codespace string, code uint32, name, desc string) *Error {
	e := &Error{Codespace: codespace, Code: code, Name: name, Desc: desc}
	table = append(table, e)
	return e
}

// All returns every entry in table order.
func All() []*Error { return append([]*Error(nil), table...) }

// ByCode returns the entry with the given number, or nil.
func ByCode(code uint32) *Error {
	for _, e := range table {
		if e.Code == code {
			return e
		}
	}
	return nil
}
