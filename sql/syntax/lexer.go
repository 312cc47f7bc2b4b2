package syntax

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// lexer turns SQL text into tokens on demand, following Calcite's lexical
// rules as Flink configures them: names quoted with backticks, strings with
// single quotes (” escapes a quote), no backslash escapes, `--` and `/* */`
// comments, `/*+ ... */` hints.
type lexer struct {
	src    string
	off    int
	line   int
	col    int
	inHint bool
}

func newLexer(src string) *lexer { return &lexer{src: src, line: 1, col: 1} }

func (l *lexer) pos() Pos { return Pos{Offset: l.off, Line: l.line, Col: l.col} }

// advance moves n bytes forward, keeping line and column (in runes) current.
func (l *lexer) advance(n int) {
	for _, b := range []byte(l.src[l.off : l.off+n]) {
		switch {
		case b == '\n':
			l.line++
			l.col = 1
		case b&0xC0 != 0x80: // not a UTF-8 continuation byte
			l.col++
		}
	}
	l.off += n
}

func (l *lexer) errAt(p Pos, construct, format string, args ...any) *Error {
	return newError(p, construct, format, args...)
}

// next returns the next token, or an error for text that is no token.
func (l *lexer) next() (Token, *Error) {
	if err := l.skipSpace(); err != nil {
		return Token{}, err
	}
	start := l.pos()
	if l.off >= len(l.src) {
		return Token{Kind: TokEOF, Pos: start}, nil
	}
	c := l.src[l.off]
	switch {
	case c == '`':
		return l.quotedIdent(start)
	case c == '\'':
		return l.stringTok(start, TokString, 0)
	case (c == 'x' || c == 'X') && l.peekByte(1) == '\'':
		return l.stringTok(start, TokBinary, 1)
	case (c == 'n' || c == 'N') && l.peekByte(1) == '\'':
		return l.stringTok(start, TokString, 1)
	case (c == 'u' || c == 'U') && l.peekByte(1) == '&' && l.peekByte(2) == '\'':
		return l.stringTok(start, TokUString, 2)
	case c == '"':
		return Token{}, l.errAt(start, "double-quoted text", "double quotes are not used in Flink SQL: write 'text' for a string and `name` for a name")
	case isDigit(c) || (c == '.' && isDigit(l.peekByte(1))):
		return l.number(start)
	case c < utf8.RuneSelf && (isLetter(c) || c == '_'):
		return l.word(start), nil
	case c >= utf8.RuneSelf:
		r, _ := utf8.DecodeRuneInString(l.src[l.off:])
		if unicode.IsLetter(r) {
			return l.word(start), nil
		}
		return Token{}, l.errAt(start, "SQL text", "unexpected character %q", r)
	}
	return l.operator(start)
}

func (l *lexer) peekByte(i int) byte {
	if l.off+i < len(l.src) {
		return l.src[l.off+i]
	}
	return 0
}

// skipSpace skips white space and comments; it stops at a hint's "/*+".
func (l *lexer) skipSpace() *Error {
	for l.off < len(l.src) {
		c := l.src[l.off]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f':
			l.advance(1)
		case c == '-' && l.peekByte(1) == '-':
			end := strings.IndexByte(l.src[l.off:], '\n')
			if end < 0 {
				end = len(l.src) - l.off
			}
			l.advance(end)
		case c == '/' && l.peekByte(1) == '*' && l.peekByte(2) != '+':
			start := l.pos()
			end := strings.Index(l.src[l.off+2:], "*/")
			if end < 0 {
				return l.errAt(start, "comment", "/* is not closed with */")
			}
			l.advance(end + 4)
		default:
			return nil
		}
	}
	return nil
}

func (l *lexer) word(start Pos) Token {
	i := l.off
	for i < len(l.src) {
		c := l.src[i]
		if c < utf8.RuneSelf {
			if !isLetter(c) && !isDigit(c) && c != '_' && c != '$' {
				break
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(l.src[i:])
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			break
		}
		i += n
	}
	text := l.src[l.off:i]
	l.advance(i - l.off)
	return Token{Kind: TokWord, Pos: start, Text: text, Val: strings.ToUpper(text)}
}

func (l *lexer) quotedIdent(start Pos) (Token, *Error) {
	val, end, ok := scanQuoted(l.src, l.off+1, '`')
	if !ok {
		return Token{}, l.errAt(start, "quoted name", "not closed with `")
	}
	text := l.src[l.off:end]
	l.advance(end - l.off)
	if val == "" {
		return Token{}, l.errAt(start, "quoted name", "a quoted name must not be empty")
	}
	return Token{Kind: TokQuoted, Pos: start, Text: text, Val: val}, nil
}

// stringTok reads a quoted string after a prefix of prefixLen bytes (X, N, U&).
func (l *lexer) stringTok(start Pos, kind TokenKind, prefixLen int) (Token, *Error) {
	val, end, ok := scanQuoted(l.src, l.off+prefixLen+1, '\'')
	if !ok {
		return Token{}, l.errAt(start, "string literal", "not closed with '")
	}
	text := l.src[l.off:end]
	l.advance(end - l.off)
	tok := Token{Kind: kind, Pos: start, Text: text, Val: val}
	if kind == TokBinary {
		for k, r := range tok.Val {
			if !strings.ContainsRune("0123456789abcdefABCDEF", r) {
				return Token{}, l.errAt(start, "binary literal", "X'...' holds %q at character %d: only hex digits are allowed", r, k+1)
			}
		}
		if len(tok.Val)%2 != 0 {
			return Token{}, l.errAt(start, "binary literal", "X'...' must have an even number of hex digits")
		}
	}
	return tok, nil
}

func (l *lexer) number(start Pos) (Token, *Error) {
	i := l.off
	digits := func() {
		for i < len(l.src) && isDigit(l.src[i]) {
			i++
		}
	}
	kind := TokInteger
	digits()
	if i < len(l.src) && l.src[i] == '.' && !(i+1 < len(l.src) && l.src[i+1] == '.') {
		kind = TokDecimal
		i++
		digits()
	}
	if i < len(l.src) && (l.src[i] == 'e' || l.src[i] == 'E') {
		j := i + 1
		if j < len(l.src) && (l.src[j] == '+' || l.src[j] == '-') {
			j++
		}
		if j < len(l.src) && isDigit(l.src[j]) {
			kind = TokApprox
			i = j
			digits()
		}
	}
	text := l.src[l.off:i]
	l.advance(i - l.off)
	if i < len(l.src) && (isLetter(l.src[i]) || l.src[i] == '_') {
		return Token{}, l.errAt(start, "number", "%s is directly followed by a letter; separate them with a space", text)
	}
	return Token{Kind: kind, Pos: start, Text: text, Val: text}, nil
}

var multiCharOps = []string{"<>", "!=", "<=", ">=", "||", "=>", "->", "::", "*/"}

func (l *lexer) operator(start Pos) (Token, *Error) {
	rest := l.src[l.off:]
	if strings.HasPrefix(rest, "/*+") {
		l.advance(3)
		l.inHint = true
		return Token{Kind: TokHintOpen, Pos: start, Text: "/*+", Val: "/*+"}, nil
	}
	for _, op := range multiCharOps {
		if strings.HasPrefix(rest, op) {
			if op == "*/" {
				if !l.inHint {
					break
				}
				l.inHint = false
				l.advance(2)
				return Token{Kind: TokHintClose, Pos: start, Text: op, Val: op}, nil
			}
			l.advance(len(op))
			return Token{Kind: TokOp, Pos: start, Text: op, Val: op}, nil
		}
	}
	c := rest[0]
	if strings.IndexByte("()[]{},.;+-*/%=<>?:|^$&~!", c) < 0 {
		return Token{}, l.errAt(start, "SQL text", "unexpected character %q", rune(c))
	}
	l.advance(1)
	kind := TokOp
	if c == '?' {
		kind = TokParam
	}
	return Token{Kind: kind, Pos: start, Text: rest[:1], Val: rest[:1]}, nil
}

// scanQuoted reads quoted text from src[i:] up to the closing quote, a
// doubled quote standing for one; it returns the text and the offset after
// the closing quote.
func scanQuoted(src string, i int, quote byte) (string, int, bool) {
	var b strings.Builder
	for {
		j := strings.IndexByte(src[i:], quote)
		if j < 0 {
			return "", 0, false
		}
		b.WriteString(src[i : i+j])
		i += j + 1
		if i < len(src) && src[i] == quote {
			b.WriteByte(quote)
			i++
			continue
		}
		return b.String(), i, true
	}
}

func isDigit(c byte) bool  { return c >= '0' && c <= '9' }
func isLetter(c byte) bool { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') }
