package sql

import (
	"errors"
	"fmt"
	"strings"
)

// Pos is a position in the file the user wrote: 1-based line and column,
// the column counted in characters (runes), not bytes.
type Pos struct {
	File      string
	Line, Col int
}

// IsValid reports whether the position points somewhere (Line > 0).
func (p Pos) IsValid() bool { return p.Line > 0 }

// String renders the position as "file:line:col".
func (p Pos) String() string {
	if !p.IsValid() {
		if p.File == "" {
			return "-"
		}
		return p.File
	}
	return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Col)
}

// Error is a problem at a position of the user's SQL file.
type Error struct {
	Pos Pos
	Msg string
	// Err is the underlying cause, if any (e.g. the parser's error, or context.Canceled), for errors.Is/As.
	Err error
}

// Error renders "file:line:col: msg".
func (e *Error) Error() string { return e.Pos.String() + ": " + e.Msg }

// Unwrap returns the underlying cause.
func (e *Error) Unwrap() error { return e.Err }

// ErrorList is several errors, reported together so that the user can fix
// them in one go (e.g. every unknown placeholder).
type ErrorList []*Error

// Error renders one error per line.
func (l ErrorList) Error() string {
	lines := make([]string, len(l))
	for i, e := range l {
		lines[i] = e.Error()
	}
	return strings.Join(lines, "\n")
}

// Unwrap exposes the errors to errors.Is and errors.As.
func (l ErrorList) Unwrap() []error {
	out := make([]error, len(l))
	for i, e := range l {
		out[i] = e
	}
	return out
}

// Err returns nil for an empty list, the error itself for a list of one,
// and the list otherwise.
func (l ErrorList) Err() error {
	switch len(l) {
	case 0:
		return nil
	case 1:
		return l[0]
	}
	return l
}

// add appends err, flattening lists; any error that is not ours is kept
// with an invalid position rather than dropped.
func (l *ErrorList) add(err error) {
	if err == nil {
		return
	}
	var list ErrorList
	if errors.As(err, &list) {
		*l = append(*l, list...)
		return
	}
	var e *Error
	if errors.As(err, &e) {
		*l = append(*l, e)
		return
	}
	*l = append(*l, &Error{Msg: err.Error(), Err: err})
}
