package sql

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/sluice-sql/sluice/sql/syntax"
)

// Script is a parsed SQL file: the statements as package syntax reads
// them, and the Source that maps their positions to the file the user wrote.
type Script struct {
	Source *Source
	Stmts  []syntax.Stmt
	// Texts[i] is the rendered text of Stmts[i].
	Texts []string
}

// Parse parses the rendered script with the Flink-dialect parser.
func Parse(src *Source) (*Script, error) { return ParseContext(context.Background(), src) }

// ParseContext is Parse that stops when ctx is done. When a statement
// fails to parse, parsing goes on after it, so that every statement that
// fails is reported, one error per line.
func ParseContext(ctx context.Context, src *Source) (*Script, error) {
	parsed, err := syntax.ParseScript(ctx, src.Text, syntax.Options{File: src.File})
	if err == nil {
		return &Script{Source: src, Stmts: parsed.Stmts, Texts: parsed.Texts}, nil
	}
	var toks []token
	var errs ErrorList
	for start := 0; ; {
		var se *syntax.Error
		switch {
		case errors.Is(err, ctx.Err()):
			return nil, err
		case ctx.Err() != nil:
			return nil, fmt.Errorf("%s: parsing stopped: %w", src.File, ctx.Err())
		case !errors.As(err, &se):
			return nil, err
		}
		at := *se
		at.Pos.Offset += start // Line and Col stay those of the message
		errs = append(errs, src.syntaxError(&at))
		if toks == nil {
			toks, _ = lex(src.Text)
		}
		next := nextStatement(toks, at.Pos.Offset)
		if next < 0 || len(errs) == maxParseErrors {
			return nil, errs.Err()
		}
		start = next
		if _, err = syntax.ParseScript(ctx, src.Text[start:], syntax.Options{File: src.File}); err == nil {
			return nil, errs.Err()
		}
	}
}

// syntaxError maps a parse error to the file the user wrote.
func (s *Source) syntaxError(se *syntax.Error) *Error {
	// Calcite-style messages repeat the position; it must be the one in
	// the file the user wrote, not in the rendered text.
	at := s.At(se.Pos)
	msg := strings.Replace(se.Msg, fmt.Sprintf(" at line %d, column %d.", se.Pos.Line, se.Pos.Col),
		fmt.Sprintf(" at line %d, column %d.", at.Line, at.Col), 1)
	if se.Construct != "" {
		msg = "in " + se.Construct + ": " + msg
	}
	return s.ErrorAt(se.Pos, "%s", msg).wrap(se)
}

// At maps a parsed position to the file the user wrote.
func (s *Source) At(p syntax.Pos) Pos { return s.Pos(p.Offset) }

// ErrorAt reports a problem at a parsed position; when the position is
// inside a placeholder's value, the message says which placeholder and
// value it came from.
func (s *Source) ErrorAt(p syntax.Pos, format string, args ...any) *Error {
	e := &Error{Pos: s.At(p), Msg: fmt.Sprintf(format, args...)}
	if ph, ok := s.placeholderAt(p.Offset); ok {
		e.Msg += "; at placeholder " + ph
	}
	return e
}

func (e *Error) wrap(cause error) *Error {
	e.Err = cause
	return e
}

// Settings applies the script's SET 'k' = 'v' and RESET statements in order.
func (s *Script) Settings() map[string]string {
	m := map[string]string{}
	for _, st := range s.Stmts {
		switch st := st.(type) {
		case *syntax.Set:
			if st.Prop != nil {
				m[st.Prop.Key] = st.Prop.Value
			}
		case *syntax.Reset:
			if st.Key == nil {
				clear(m)
			} else {
				delete(m, *st.Key)
			}
		}
	}
	return m
}
