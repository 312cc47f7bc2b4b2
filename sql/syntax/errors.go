package syntax

import (
	"fmt"
	"strings"
)

// Error is a parse error at a position. Construct names what was being
// parsed ("CAST", "CREATE TABLE", "WHERE clause"), so that a message never
// leaves the user guessing which part of the statement is wrong.
type Error struct {
	File      string
	Pos       Pos
	Construct string
	Msg       string
	Err       error // the cause, e.g. context.Canceled when the parse was stopped
}

// Unwrap returns the cause, if any.
func (e *Error) Unwrap() error { return e.Err }

func newError(p Pos, construct, format string, args ...any) *Error {
	return &Error{Pos: p, Construct: construct, Msg: fmt.Sprintf(format, args...)}
}

// Error renders "file:line:col: in CONSTRUCT: message".
func (e *Error) Error() string {
	var b strings.Builder
	if e.File != "" {
		b.WriteString(e.File)
		b.WriteByte(':')
	}
	b.WriteString(e.Pos.String())
	b.WriteString(": ")
	if e.Construct != "" {
		b.WriteString("in ")
		b.WriteString(e.Construct)
		b.WriteString(": ")
	}
	b.WriteString(e.Msg)
	return b.String()
}

// encountered renders Flink's (Calcite's) wording for an unexpected token.
func encountered(t Token, expected ...string) string {
	msg := fmt.Sprintf("Encountered %s at line %d, column %d.", t.describe(), t.Pos.Line, t.Pos.Col)
	switch len(expected) {
	case 0:
	case 1:
		msg += " Was expecting " + expected[0] + "."
	default:
		msg += " Was expecting one of: " + strings.Join(expected, ", ") + "."
	}
	return msg
}

// bailout carries an *Error up the recursive descent; parse entry points
// recover it and return the error. Any other panic is re-raised.
type bailout struct{ err *Error }
