package config

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
)

// group is one {"PropertyGroupId": …, "PropertyMap": {…}} element.
type group struct {
	ID         string
	Properties map[string]string
}

// positionError is a problem at a place in the properties file.
type positionError struct {
	file      string
	line, col int
	msg       string
}

func (e *positionError) Error() string {
	return fmt.Sprintf("%s:%d:%d: %s", e.file, e.line, e.col, e.msg)
}

// jsonReader walks the file token by token so that every error can name the
// line and column of what is wrong, which encoding/json's Unmarshal cannot.
type jsonReader struct {
	file string
	data []byte
	dec  *json.Decoder
}

// tokenStart returns the offset of the next token at or after off.
func (r *jsonReader) tokenStart(off int) int {
	for off < len(r.data) {
		switch r.data[off] {
		case ' ', '\t', '\r', '\n', ',', ':':
			off++
		default:
			return off
		}
	}
	return off
}

func (r *jsonReader) errAt(off int, format string, args ...any) error {
	line := 1 + bytes.Count(r.data[:off], []byte("\n"))
	col := 1 + len([]rune(string(r.data[bytes.LastIndexByte(r.data[:off], '\n')+1:off])))
	return &positionError{file: r.file, line: line, col: col, msg: fmt.Sprintf(format, args...)}
}

// next returns the next token and the offset where it starts.
func (r *jsonReader) next() (json.Token, int, error) {
	start := r.tokenStart(int(r.dec.InputOffset()))
	tok, err := r.dec.Token()
	if err != nil {
		var syn *json.SyntaxError
		switch {
		case errors.As(err, &syn):
			return nil, start, r.errAt(min(int(syn.Offset), len(r.data)), "invalid JSON: %v", syn)
		case errors.Is(err, io.EOF):
			return nil, start, r.errAt(len(r.data), "unexpected end of file")
		}
		return nil, start, r.errAt(start, "invalid JSON: %v", err)
	}
	return tok, start, nil
}

const shape = `application properties must be a JSON array of {"PropertyGroupId": "…", "PropertyMap": {"key": "value", …}} objects`

// parseGroups reads the Managed Flink property-group array.
func parseGroups(file string, data []byte) ([]group, error) {
	r := &jsonReader{file: file, data: data, dec: json.NewDecoder(bytes.NewReader(data))}
	r.dec.UseNumber()
	tok, off, err := r.next()
	if err != nil {
		return nil, err
	}
	if tok != json.Delim('[') {
		return nil, r.errAt(off, "%s", shape)
	}
	var groups []group
	seen := map[string]bool{}
	for r.dec.More() {
		g, off, err := r.group()
		if err != nil {
			return nil, err
		}
		if seen[g.ID] {
			return nil, r.errAt(off, "duplicate PropertyGroupId %q", g.ID)
		}
		seen[g.ID] = true
		groups = append(groups, g)
	}
	if _, _, err := r.next(); err != nil { // the closing ]
		return nil, err
	}
	// Whatever follows the array is an error, even text that is not JSON
	// (the decoder would report that only when asked for another token).
	if rest := r.tokenStart(int(r.dec.InputOffset())); rest < len(r.data) {
		return nil, r.errAt(rest, "unexpected text after the property group array: %q", excerpt(r.data[rest:]))
	}
	return groups, nil
}

// group reads one group object; it returns the offset of the object.
func (r *jsonReader) group() (group, int, error) {
	tok, start, err := r.next()
	if err != nil {
		return group{}, start, err
	}
	if tok != json.Delim('{') {
		return group{}, start, r.errAt(start, "%s", shape)
	}
	g := group{}
	hasID, hasMap := false, false
	for r.dec.More() {
		key, off, err := r.next()
		if err != nil {
			return g, start, err
		}
		switch key {
		case "PropertyGroupId":
			v, voff, err := r.next()
			if err != nil {
				return g, start, err
			}
			id, ok := v.(string)
			if !ok || id == "" {
				return g, start, r.errAt(voff, "PropertyGroupId must be a non-empty string")
			}
			g.ID, hasID = id, true
		case "PropertyMap":
			m, err := r.propertyMap()
			if err != nil {
				return g, start, err
			}
			g.Properties, hasMap = m, true
		default:
			return g, start, r.errAt(off, "unknown field %v in a property group (expected PropertyGroupId and PropertyMap)", key)
		}
	}
	if _, _, err := r.next(); err != nil { // }
		return g, start, err
	}
	if !hasID {
		return g, start, r.errAt(start, "property group without PropertyGroupId")
	}
	if !hasMap {
		g.Properties = map[string]string{}
	}
	return g, start, nil
}

// propertyMap reads {"key": "value", …}. Managed Flink only has string
// values; numbers and booleans are accepted and kept as written, since JSON
// editors produce them and their meaning is unambiguous.
func (r *jsonReader) propertyMap() (map[string]string, error) {
	tok, off, err := r.next()
	if err != nil {
		return nil, err
	}
	if tok != json.Delim('{') {
		return nil, r.errAt(off, "PropertyMap must be an object of string values")
	}
	m := map[string]string{}
	for r.dec.More() {
		k, koff, err := r.next()
		if err != nil {
			return nil, err
		}
		key := k.(string) // object keys are always strings
		if _, dup := m[key]; dup {
			return nil, r.errAt(koff, "duplicate property %q", key)
		}
		v, voff, err := r.next()
		if err != nil {
			return nil, err
		}
		switch v := v.(type) {
		case string:
			m[key] = v
		case json.Number:
			m[key] = v.String()
		case bool:
			m[key] = fmt.Sprint(v)
		default:
			return nil, r.errAt(voff, "property %q must be a string", key)
		}
	}
	if _, _, err := r.next(); err != nil {
		return nil, err
	}
	return m, nil
}

// excerpt is the start of b, for an error message.
func excerpt(b []byte) string {
	const n = 20
	if len(b) > n {
		return string(b[:n]) + "…"
	}
	return string(b)
}
