package deploytest

import (
	"fmt"
	"strconv"
	"strings"
	"testing"
)

// parseYAMLSubset parses the plain subset of YAML that docker-compose.yml is
// written in: block mappings and block sequences by indentation, flow
// sequences of scalars ([a, "b"]), plain, single- and double-quoted scalars,
// and # comments. Anything outside that subset — anchors, aliases, tags,
// flow mappings, multi-line scalars, tabs, duplicate keys — is an error rather
// than a silent misreading, so a check built on it cannot pass on a file it
// did not understand. (go.mod has no YAML module; gopkg.in/yaml.v3 is only in
// the module graph, and importing it would need a go.mod change.)
//
// Values are map[string]any, []any, string, or nil for an empty value.
func parseYAMLSubset(src string) (any, error) {
	var lines []yline
	for i, raw := range strings.Split(src, "\n") {
		if strings.Contains(raw, "\t") {
			return nil, fmt.Errorf("line %d: tab character", i+1)
		}
		text := strings.TrimRight(stripComment(raw), " ")
		if strings.TrimSpace(text) == "" {
			continue
		}
		indent := len(text) - len(strings.TrimLeft(text, " "))
		lines = append(lines, yline{no: i + 1, indent: indent, text: strings.TrimSpace(text)})
	}
	p := &yparser{lines: lines}
	if len(lines) == 0 {
		return nil, nil
	}
	v, err := p.block(lines[0].indent)
	if err != nil {
		return nil, err
	}
	if p.pos < len(p.lines) {
		l := p.lines[p.pos]
		return nil, fmt.Errorf("line %d: unexpected indentation", l.no)
	}
	return v, nil
}

type yline struct {
	no, indent int
	text       string
}

type yparser struct {
	lines []yline
	pos   int
}

// stripComment removes a # comment that is not inside quotes.
func stripComment(s string) string {
	var quote byte
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case quote != 0:
			if c == '\\' && quote == '"' {
				i++
			} else if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '#' && (i == 0 || s[i-1] == ' '):
			return s[:i]
		}
	}
	return s
}

func (p *yparser) block(indent int) (any, error) {
	l := p.lines[p.pos]
	if l.text == "-" || strings.HasPrefix(l.text, "- ") {
		return p.sequence(indent)
	}
	return p.mapping(indent)
}

func (p *yparser) sequence(indent int) (any, error) {
	var out []any
	for p.pos < len(p.lines) {
		l := p.lines[p.pos]
		if l.indent < indent {
			break
		}
		if l.indent > indent {
			return nil, fmt.Errorf("line %d: unexpected indentation", l.no)
		}
		if !(l.text == "-" || strings.HasPrefix(l.text, "- ")) {
			break
		}
		item := strings.TrimSpace(strings.TrimPrefix(l.text, "-"))
		if item == "" || isMappingEntry(item) {
			return nil, fmt.Errorf("line %d: sequences of mappings are outside the subset", l.no)
		}
		v, err := scalarOrFlow(item, l.no)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
		p.pos++
	}
	return out, nil
}

func (p *yparser) mapping(indent int) (any, error) {
	out := map[string]any{}
	for p.pos < len(p.lines) {
		l := p.lines[p.pos]
		if l.indent < indent {
			break
		}
		if l.indent > indent {
			return nil, fmt.Errorf("line %d: unexpected indentation", l.no)
		}
		if strings.HasPrefix(l.text, "- ") || l.text == "-" {
			break
		}
		key, rest, ok := splitMappingEntry(l.text)
		if !ok {
			return nil, fmt.Errorf("line %d: expected 'key: value', got %q", l.no, l.text)
		}
		if _, dup := out[key]; dup {
			return nil, fmt.Errorf("line %d: duplicate key %q", l.no, key)
		}
		p.pos++
		if rest != "" {
			v, err := scalarOrFlow(rest, l.no)
			if err != nil {
				return nil, err
			}
			out[key] = v
			continue
		}
		// A nested block: deeper indentation, or a sequence at the same one.
		if p.pos < len(p.lines) {
			n := p.lines[p.pos]
			if n.indent > indent || (n.indent == indent && (strings.HasPrefix(n.text, "- ") || n.text == "-")) {
				v, err := p.block(n.indent)
				if err != nil {
					return nil, err
				}
				out[key] = v
				continue
			}
		}
		out[key] = nil
	}
	return out, nil
}

func isMappingEntry(s string) bool {
	_, _, ok := splitMappingEntry(s)
	return ok
}

// splitMappingEntry splits `key: rest` (key plain or quoted).
func splitMappingEntry(s string) (key, rest string, ok bool) {
	if s == "" {
		return "", "", false
	}
	if s[0] == '"' || s[0] == '\'' {
		end := closingQuote(s)
		if end < 0 || end+1 >= len(s) || s[end+1] != ':' {
			return "", "", false
		}
		k, err := unquote(s[:end+1])
		if err != nil {
			return "", "", false
		}
		rest = s[end+2:]
		if rest != "" && rest[0] != ' ' {
			return "", "", false
		}
		return k, strings.TrimSpace(rest), true
	}
	if strings.ContainsAny(s[:1], "[{&*!|>%@`") {
		return "", "", false
	}
	i := strings.Index(s, ": ")
	if i < 0 {
		if strings.HasSuffix(s, ":") {
			return s[:len(s)-1], "", true
		}
		return "", "", false
	}
	return s[:i], strings.TrimSpace(s[i+2:]), true
}

func closingQuote(s string) int {
	q := s[0]
	for i := 1; i < len(s); i++ {
		switch {
		case q == '"' && s[i] == '\\':
			i++
		case q == '\'' && s[i] == '\'' && i+1 < len(s) && s[i+1] == '\'':
			i++
		case s[i] == q:
			return i
		}
	}
	return -1
}

func unquote(s string) (string, error) {
	if s[0] == '\'' {
		return strings.ReplaceAll(s[1:len(s)-1], "''", "'"), nil
	}
	return strconv.Unquote(s)
}

func scalarOrFlow(s string, no int) (any, error) {
	switch s[0] {
	case '[':
		if !strings.HasSuffix(s, "]") {
			return nil, fmt.Errorf("line %d: a flow sequence must end on its line", no)
		}
		return flowSequence(s[1:len(s)-1], no)
	case '{', '&', '*', '!', '|', '>', '%', '@', '`':
		return nil, fmt.Errorf("line %d: %q is outside the YAML subset", no, s)
	case '"', '\'':
		end := closingQuote(s)
		if end != len(s)-1 {
			return nil, fmt.Errorf("line %d: bad quoted scalar %s", no, s)
		}
		v, err := unquote(s)
		if err != nil {
			return nil, fmt.Errorf("line %d: %v", no, err)
		}
		return v, nil
	}
	if strings.Contains(s, ": ") {
		return nil, fmt.Errorf("line %d: plain scalar with ': ' (quote it): %s", no, s)
	}
	return s, nil
}

func flowSequence(s string, no int) ([]any, error) {
	out := []any{}
	s = strings.TrimSpace(s)
	for s != "" {
		var item string
		if s[0] == '"' || s[0] == '\'' {
			end := closingQuote(s)
			if end < 0 {
				return nil, fmt.Errorf("line %d: unterminated quote", no)
			}
			item, s = s[:end+1], strings.TrimSpace(s[end+1:])
		} else {
			i := strings.IndexByte(s, ',')
			if i < 0 {
				i = len(s)
			}
			item, s = strings.TrimSpace(s[:i]), s[i:]
		}
		v, err := scalarOrFlow(item, no)
		if err != nil {
			return nil, err
		}
		if _, nested := v.([]any); nested {
			return nil, fmt.Errorf("line %d: nested flow sequences are outside the subset", no)
		}
		out = append(out, v)
		if s == "" {
			break
		}
		if s[0] != ',' {
			return nil, fmt.Errorf("line %d: expected ',' in flow sequence, got %q", no, s)
		}
		s = strings.TrimSpace(s[1:])
	}
	return out, nil
}

func TestYAMLSubsetParser(t *testing.T) {
	got, err := parseYAMLSubset(`
# comment
a:
  b: "x # not a comment"   # a comment
  c: [one, "two, three", 'it''s']
  d:
    - "p"
    - q
  e:
  f: 'sq'
g: plain
`)
	if err != nil {
		t.Fatal(err)
	}
	want := fmt.Sprint(map[string]any{
		"a": map[string]any{
			"b": "x # not a comment",
			"c": []any{"one", "two, three", "it's"},
			"d": []any{"p", "q"},
			"e": nil,
			"f": "sq",
		},
		"g": "plain",
	})
	if fmt.Sprint(got) != want {
		t.Errorf("got  %v\nwant %s", got, want)
	}
	for _, bad := range []string{
		"a: &x 1\nb: *x\n",
		"a:\n  b: 1\n  b: 2\n",
		"a: |\n  text\n",
		"a: {b: 1}\n",
		"a:\n  - b: 1\n",
		"a:\n\tb: 1\n",
		"a:\n    b: 1\n  c: 2\n",
		"a: [x\n",
		"a: b: c\n",
	} {
		if v, err := parseYAMLSubset(bad); err == nil {
			t.Errorf("parseYAMLSubset(%q) = %v, want an error", bad, v)
		}
	}
}
