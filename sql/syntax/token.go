package syntax

import "fmt"

// Pos is a position in the parsed text: a 0-based byte offset and a 1-based
// line and column, the column counted in characters (runes).
type Pos struct {
	Offset    int
	Line, Col int
}

// IsValid reports whether the position points somewhere.
func (p Pos) IsValid() bool { return p.Line > 0 }

// String renders "line:col".
func (p Pos) String() string { return fmt.Sprintf("%d:%d", p.Line, p.Col) }

// TokenKind classifies a token.
type TokenKind uint8

// Token kinds. Keywords are words (TokWord): whether a word is a keyword is a
// question the parser asks of its upper-cased text, because most of Flink's
// keywords are non-reserved and may be names as well.
const (
	TokEOF       TokenKind = iota
	TokWord                // unquoted identifier or keyword
	TokQuoted              // `quoted identifier`
	TokString              // 'character string'
	TokUString             // U&'unicode string'
	TokBinary              // X'hex'
	TokInteger             // 123
	TokDecimal             // 1.5
	TokApprox              // 1.5E3
	TokOp                  // punctuation and operators
	TokParam               // ?
	TokHintOpen            // /*+
	TokHintClose           // */ closing a hint
)

// Token is one lexical unit. Text is the source text; Val is the decoded
// value: the identifier without quotes, the string without quotes and with
// escapes resolved, the upper-cased word.
type Token struct {
	Kind TokenKind
	Pos  Pos
	Text string
	Val  string
}

// describe renders the token for error messages the way Calcite does:
// the source text in double quotes, or <EOF>.
func (t Token) describe() string {
	if t.Kind == TokEOF {
		return `"<EOF>"`
	}
	text := t.Text
	if len(text) > 40 {
		text = text[:40] + "..."
	}
	return fmt.Sprintf("%q", text)
}
