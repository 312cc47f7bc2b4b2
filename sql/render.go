package sql

import (
	"fmt"
	"strings"
)

// Render fills every ${name} placeholder of text with lookup(name) and
// returns the rendered Source. Placeholders are filled anywhere (identifiers,
// string literals, quoted identifiers, /*+ hints */) except inside -- and
// /* */ comments, so that a commented-out line never fails. A '$' not
// followed by '{' is left alone.
//
// Unknown, empty and unterminated placeholders are all reported at once, one
// error per line, each at file:line:col of its '$'.
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
