package sql

import (
	"fmt"
	"strings"
	"unicode"
)

// Render fills every ${name} placeholder of text with lookup(name) and
// returns the rendered Source. Placeholders are filled anywhere (identifiers,
// string literals, quoted identifiers, /*+ hints */) except inside -- and
// /* */ comments, so that a commented-out line never fails. A '$' not
// followed by '{' is left alone.
//
// No value can change the statement's structure: inside a quoted literal or
// identifier the quote character is doubled, as SQL escapes it (a topic
// "x'); DROP TABLE y; --" stays one string literal); outside quotes a value
// must be a plain name or number (see fill). render and run share this, so
// the SQL render prints is the SQL that runs.
//
// Unknown, empty and unterminated placeholders, and values that cannot be
// filled in where they stand, are all reported at once, one error per line,
// each at file:line:col of its '$'.
func Render(file, text string, lookup func(name string) (string, bool)) (*Source, error) {
	src := &Source{File: file, original: text, lineStarts: lineStarts(text)}
	var out strings.Builder
	out.Grow(len(text))
	var errs ErrorList

	copied := 0    // text[:copied] is already in out
	var quote byte // the quote character of the literal we are in, or 0
	for i := 0; i < len(text); {
		if strings.HasPrefix(text[i:], "${") {
			end, name, msg := scanPlaceholder(text, i)
			value, ok := "", false
			if msg == "" {
				if value, ok = lookup(name); !ok {
					msg = fmt.Sprintf("unknown placeholder ${%s}", name)
				} else {
					value, msg = fill(name, value, quote)
				}
			}
			if msg != "" {
				errs = append(errs, &Error{Pos: src.originalPos(i), Msg: msg})
			}
			out.WriteString(text[copied:i])
			start := out.Len()
			out.WriteString(value)
			src.substitutions = append(src.substitutions, substitution{
				renderedStart: start, renderedEnd: out.Len(), origStart: i, origEnd: end,
			})
			copied, i = end, end
			continue
		}
		c := text[i]
		switch {
		case quote != 0:
			// Inside a literal a doubled quote is an escaped quote; the
			// literal matters only so that "--" or "/*" in it are not
			// mistaken for comments.
			if c == quote {
				if i+1 < len(text) && text[i+1] == quote {
					i++
				} else {
					quote = 0
				}
			}
			i++
		case c == '\'' || c == '"' || c == '`':
			quote = c
			i++
		case strings.HasPrefix(text[i:], "--"):
			i = skipLineComment(text, i)
		case strings.HasPrefix(text[i:], "/*+"):
			i += 3 // a hint is not a comment to Flink: fill placeholders in it
		case strings.HasPrefix(text[i:], "/*"):
			i = skipBlockComment(text, i)
		default:
			i++
		}
	}
	if len(errs) > 0 {
		return nil, errs.Err()
	}
	out.WriteString(text[copied:])
	src.Text = out.String()
	return src, nil
}

// scanPlaceholder reads the placeholder whose "${" is at text[start]. It
// returns the offset just after it, its name, and an error message if it is
// empty or has no closing brace on the same line (then end skips the "${").
func scanPlaceholder(text string, start int) (end int, name, msg string) {
	body := start + 2
	closing := strings.IndexAny(text[body:], "}\n")
	if closing < 0 || text[body+closing] != '}' {
		return body, "", "unterminated placeholder: ${ without a closing } on the same line"
	}
	end = body + closing + 1
	name = strings.TrimSpace(text[body : end-1])
	if name == "" {
		return end, "", "empty placeholder " + text[start:end]
	}
	return end, name, ""
}

// skipLineComment returns the offset just after the -- comment at start
// (the newline is not part of it).
func skipLineComment(text string, start int) int {
	if nl := strings.IndexByte(text[start:], '\n'); nl >= 0 {
		return start + nl
	}
	return len(text)
}

// skipBlockComment returns the offset just after the /* */ comment at start,
// or len(text) if it is unterminated (Parse reports that).
func skipBlockComment(text string, start int) int {
	if end := strings.Index(text[start+2:], "*/"); end >= 0 {
		return start + 2 + end + 2
	}
	return len(text)
}

// fill returns value as it is written where the placeholder stands: inside
// a literal or quoted identifier opened by quote, with that quote doubled;
// outside quotes (quote 0) only a plain name or number: letters, digits,
// '_', '.', and '-' inside (a misplaced '-' in a table name is a parse error
// that names the placeholder; "--" would start a comment). Anything else
// (spaces, quotes, ';', parentheses, operators) is refused with a message.
func fill(name, value string, quote byte) (string, string) {
	if quote != 0 {
		q := string(quote)
		return strings.ReplaceAll(value, q, q+q), ""
	}
	if strings.IndexFunc(value, notPlain) >= 0 || strings.Contains(value, "--") ||
		strings.HasPrefix(value, "-") || strings.HasSuffix(value, "-") {
		return "", fmt.Sprintf("placeholder ${%s} outside quotes is filled with %q, which is not a plain name or number "+
			"(letters, digits, '_', '.', '-'), so it would change the statement: quote the placeholder ('${%s}', `${%s}`) or fix the property",
			name, value, name, name)
	}
	return value, ""
}

func notPlain(r rune) bool {
	return !(r == '_' || r == '.' || r == '-' || unicode.IsLetter(r) || unicode.IsDigit(r))
}
