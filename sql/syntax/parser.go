package syntax

import (
	"context"
	"fmt"
	"strings"
)

// DefaultMaxDepth bounds the nesting of expressions, queries and types, so
// that hostile input cannot exhaust the stack.
const DefaultMaxDepth = 1000

// cancelCheckEvery is how many tokens pass between two context checks.
const cancelCheckEvery = 1024

// Options tunes a parse. The zero value is usable.
type Options struct {
	File     string // file name for error messages
	MaxDepth int    // 0 means DefaultMaxDepth
}

// parser is a recursive-descent parser over a lazily lexed token stream.
// Errors are raised with fail (a bailout panic) and recovered by the
// exported entry points, which keeps each production free of error plumbing.
type parser struct {
	ctx      context.Context
	lex      *lexer
	buf      []Token // lookahead; buf[head] is the current token
	head     int
	prev     Token // the last consumed token
	consumed int
	depth    int
	maxDepth int
}

func newParser(ctx context.Context, src string, opts Options) *parser {
	if ctx == nil {
		ctx = context.Background()
	}
	p := &parser{ctx: ctx, lex: newLexer(src), maxDepth: opts.MaxDepth}
	if p.maxDepth <= 0 {
		p.maxDepth = DefaultMaxDepth
	}
	return p
}

// run calls f and turns a bailout into an error stamped with the file name.
func run[T any](ctx context.Context, src string, opts Options, f func(p *parser) T) (res T, err error) {
	p := newParser(ctx, src, opts)
	defer func() {
		if r := recover(); r != nil {
			b, ok := r.(bailout)
			if !ok {
				panic(r)
			}
			b.err.File = opts.File
			var zero T
			res, err = zero, b.err
		}
	}()
	return f(p), nil
}

// ParseScript parses a whole SQL file: statements separated by ';'.
func ParseScript(ctx context.Context, src string, opts Options) (*Script, error) {
	return run(ctx, src, opts, (*parser).script)
}

// ParseStatement parses exactly one statement (a trailing ';' is allowed).
func ParseStatement(ctx context.Context, src string, opts Options) (Stmt, error) {
	return run(ctx, src, opts, func(p *parser) Stmt {
		s := p.statement()
		p.acceptOp(";")
		p.expectEOF("statement")
		return s
	})
}

// ParseExpr parses one scalar expression.
func ParseExpr(ctx context.Context, src string, opts Options) (Expr, error) {
	return run(ctx, src, opts, func(p *parser) Expr {
		e := p.expr("expression")
		p.expectEOF("expression")
		return e
	})
}

// ParseType parses one data type.
func ParseType(ctx context.Context, src string, opts Options) (*DataType, error) {
	return run(ctx, src, opts, func(p *parser) *DataType {
		t := p.dataType()
		p.expectEOF("data type")
		return t
	})
}

// fill makes sure the lookahead holds n tokens.
func (p *parser) fill(n int) {
	for len(p.buf)-p.head < n {
		if len(p.buf) > 0 && p.buf[len(p.buf)-1].Kind == TokEOF {
			p.buf = append(p.buf, p.buf[len(p.buf)-1])
			continue
		}
		t, err := p.lex.next()
		if err != nil {
			panic(bailout{err})
		}
		p.buf = append(p.buf, t)
	}
}

// tok is the current token.
func (p *parser) tok() Token {
	p.fill(1)
	return p.buf[p.head]
}

// peek is the token i places after the current one.
func (p *parser) peek(i int) Token {
	p.fill(i + 1)
	return p.buf[p.head+i]
}

// next consumes the current token and returns it.
func (p *parser) next() Token {
	t := p.tok()
	p.prev = t
	p.head++
	if p.head == len(p.buf) { // reuse the array: lookahead is short
		p.buf, p.head = p.buf[:0], 0
	}
	p.consumed++
	if p.consumed%cancelCheckEvery == 0 {
		if err := p.ctx.Err(); err != nil {
			e := newError(t.Pos, "", "parsing stopped: %v", err)
			e.Err = err
			panic(bailout{e})
		}
	}
	return t
}

// fail raises a parse error.
func (p *parser) fail(pos Pos, construct, format string, args ...any) {
	panic(bailout{newError(pos, construct, format, args...)})
}

// unexpected raises Calcite's "Encountered ..." error for the current
// token, naming the construct and what would have been valid.
func (p *parser) unexpected(construct string, expected ...string) {
	t := p.tok()
	panic(bailout{&Error{Pos: t.Pos, Construct: construct, Msg: encountered(t, expected...)}})
}

// isWord reports whether the current token is the unquoted word w (upper case).
func (p *parser) isWord(w string) bool {
	t := p.tok()
	return t.Kind == TokWord && t.Val == w
}

// isWordAt is isWord for the token i places ahead.
func (p *parser) isWordAt(i int, w string) bool {
	t := p.peek(i)
	return t.Kind == TokWord && t.Val == w
}

// isWords reports whether the next tokens are the given words.
func (p *parser) isWords(ws ...string) bool {
	for i, w := range ws {
		if !p.isWordAt(i, w) {
			return false
		}
	}
	return true
}

func (p *parser) isOp(op string) bool {
	t := p.tok()
	return t.Kind == TokOp && t.Val == op
}

func (p *parser) isOpAt(i int, op string) bool {
	t := p.peek(i)
	return t.Kind == TokOp && t.Val == op
}

// acceptWord consumes the words if they all come next.
func (p *parser) acceptWord(ws ...string) bool {
	if !p.isWords(ws...) {
		return false
	}
	for range ws {
		p.next()
	}
	return true
}

func (p *parser) acceptOp(op string) bool {
	if p.isOp(op) {
		p.next()
		return true
	}
	return false
}

// expectWord consumes the words or fails naming the construct.
func (p *parser) expectWord(construct string, ws ...string) Token {
	first := p.tok()
	for _, w := range ws {
		if !p.isWord(w) {
			p.unexpected(construct, quoteWords(w))
		}
		p.next()
	}
	return first
}

func (p *parser) expectOp(construct, op string) Token {
	if !p.isOp(op) {
		p.unexpected(construct, fmt.Sprintf("%q", op))
	}
	return p.next()
}

func (p *parser) expectEOF(construct string) {
	if p.tok().Kind != TokEOF {
		p.unexpected(construct, "<EOF>")
	}
}

func quoteWords(w ...string) string { return `"` + strings.Join(w, " ") + `"` }

// enter counts one level of nesting and fails past the limit; leave undoes it.
func (p *parser) enter(construct string) {
	p.depth++
	if p.depth > p.maxDepth {
		p.fail(p.tok().Pos, construct, "SQL is nested too deeply (more than %d levels)", p.maxDepth)
	}
}

func (p *parser) leave() { p.depth-- }
