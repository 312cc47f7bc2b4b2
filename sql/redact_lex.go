package sql

// This lexer serves RedactSecrets only: it must find every 'key' = 'value'
// pair even in text that does not parse (a job that fails to plan is still
// printed by render), and redact up to where text stops lexing. Parsing is
// package sql/syntax's.

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// tokenKind classifies a token of Flink SQL text.
type tokenKind uint8

const (
	tokWord         tokenKind = iota // bare identifier or keyword
	tokQuotedIdent                   // `identifier`
	tokString                        // 'literal'
	tokDoubleQuoted                  // "text" (not valid Flink SQL outside hints; kept so ';' in it does not split)
	tokNumber                        // 42, 1.5, 1e3
	tokPunct                         // operator or punctuation, e.g. ( , = <> ||
	tokComment                       // -- line or /* block */ comment
	tokHint                          // /*+ hint */
)

// token is one lexeme. start and end are byte offsets in the lexed text.
type token struct {
	kind       tokenKind
	text       string // exactly as written
	value      string // unquoted content of literals and quoted identifiers; text otherwise
	start, end int
}

// is reports whether the token is the keyword kw (case-insensitive) or
// the punctuation kw.
func (t token) is(kw string) bool {
	switch t.kind {
	case tokWord:
		return strings.EqualFold(t.text, kw)
	case tokPunct:
		return t.text == kw
	}
	return false
}

// isIdent reports whether the token can name something.
func (t token) isIdent() bool { return t.kind == tokWord || t.kind == tokQuotedIdent }

// describe renders the token for "Encountered ..." messages.
func (t token) describe() string {
	s := t.text
	if utf8.RuneCountInString(s) > 40 {
		s = string([]rune(s)[:37]) + "..."
	}
	return `"` + strings.ReplaceAll(s, `"`, `\"`) + `"`
}

// lexError is a lexical error at a byte offset of the lexed text.
type lexError struct {
	offset int
	msg    string
}

// multiCharPunct are the operators read as one token, longest first.
var multiCharPunct = [...]string{"<=>", "<>", "<=", ">=", "!=", "||", "&&", "::", "->"}

// lex splits text into tokens, comments included. Errors are unterminated
// literals and comments, reported at their start.
func lex(text string) ([]token, *lexError) {
	var toks []token
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		start := i
		kind := tokPunct
		switch {
		case unicode.IsSpace(r):
			i += size
			continue
		case strings.HasPrefix(text[i:], "--"):
			kind, i = tokComment, skipLineComment(text, i)
		case strings.HasPrefix(text[i:], "/*"):
			kind = tokComment
			if strings.HasPrefix(text[i:], "/*+") {
				kind = tokHint
			}
			end := strings.Index(text[i+2:], "*/")
			if end < 0 {
				return toks, &lexError{start, "unterminated comment: /* without */"}
			}
			i += 2 + end + 2
		case r == '\'' || r == '"' || r == '`':
			end, ok := scanQuoted(text, i)
			if !ok {
				return toks, &lexError{start, unterminatedMessage(byte(r))}
			}
			i = end
			kind = quotedKind(byte(r))
		case r == '_' || unicode.IsLetter(r):
			kind, i = tokWord, scanWord(text, i)
		case isDigit(r) || r == '.' && i+1 < len(text) && isDigit(rune(text[i+1])):
			kind, i = tokNumber, scanNumber(text, i)
		default:
			i += size
			for _, p := range multiCharPunct {
				if strings.HasPrefix(text[start:], p) {
					i = start + len(p)
					break
				}
			}
		}
		t := token{kind: kind, text: text[start:i], start: start, end: i}
		t.value = t.text
		if kind == tokString || kind == tokDoubleQuoted || kind == tokQuotedIdent {
			t.value = unquote(t.text)
		}
		toks = append(toks, t)
	}
	return toks, nil
}

func quotedKind(quote byte) tokenKind {
	switch quote {
	case '\'':
		return tokString
	case '`':
		return tokQuotedIdent
	}
	return tokDoubleQuoted
}

func unterminatedMessage(quote byte) string {
	switch quote {
	case '\'':
		return "unterminated string literal: ' without a closing '"
	case '`':
		return "unterminated quoted identifier: ` without a closing `"
	}
	return `unterminated double-quoted text: " without a closing "`
}

// scanQuoted returns the offset after the literal starting with a quote at
// text[start]; a doubled quote inside is an escaped quote.
func scanQuoted(text string, start int) (int, bool) {
	q := text[start]
	for i := start + 1; i < len(text); i++ {
		if text[i] != q {
			continue
		}
		if i+1 < len(text) && text[i+1] == q {
			i++
			continue
		}
		return i + 1, true
	}
	return len(text), false
}

// unquote strips the quotes of a literal and undoes doubled quotes.
func unquote(lit string) string {
	q := lit[:1]
	return strings.ReplaceAll(lit[1:len(lit)-1], q+q, q)
}

func scanWord(text string, i int) int {
	for i < len(text) {
		r, size := utf8.DecodeRuneInString(text[i:])
		if r != '_' && r != '$' && !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			break
		}
		i += size
	}
	return i
}

func scanNumber(text string, i int) int {
	digits := func() {
		for i < len(text) && isDigit(rune(text[i])) {
			i++
		}
	}
	digits()
	if i < len(text) && text[i] == '.' {
		i++
		digits()
	}
	if i+1 < len(text) && (text[i] == 'e' || text[i] == 'E') {
		j := i + 1
		if text[j] == '+' || text[j] == '-' {
			j++
		}
		if j < len(text) && isDigit(rune(text[j])) {
			i = j
			digits()
		}
	}
	return i
}

func isDigit(r rune) bool { return r >= '0' && r <= '9' }
