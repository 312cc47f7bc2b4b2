package json

import (
	"math"
	"strconv"

	"github.com/sluice-sql/sluice/engine/types"
)

// A JSON object or array read into a STRING column becomes its text as
// Jackson re-serializes it (readValueAsTree().toString()): compact, keys in
// first-seen order with the last duplicate's value, integers canonical
// ("-0" → "0"), floats as Java doubles ("100.0", "1.0E10") — or, when the
// table has a DECIMAL column (Flink then reads floats as BigDecimal), as
// BigDecimal.stripTrailingZeros ("1E+2") — and non-finite floats as quoted
// strings ("Infinity"). Built iteratively: nesting depth is unbounded.

type treeNode struct {
	container tok // tStartObject, tStartArray, or 0 for a scalar
	// key and scalar text are spans of treeBuilder.text
	keyStart, keyEnd   int32
	textStart, textEnd int32
	first, last, next  int32 // children, -1 for none
}

type treeFrame struct {
	node, cur int32
	started   bool
}

type treeBuilder struct {
	nodes []treeNode
	stack []treeFrame
	text  []byte
	open  []int32 // open containers
	tmp   []byte
}

// build reads the container the scanner is on (tStartObject/tStartArray)
// and appends its compact text to dst. A string that cannot be read fails
// the field (fieldErr), leaving the scanner where Jackson would be; other
// errors fail the record.
func (t *treeBuilder) build(s *scanner, decimals bool, dst []byte) (out []byte, fieldErr, recErr error) {
	t.nodes, t.text, t.open = t.nodes[:0], t.text[:0], t.open[:0]
	var keyStart, keyEnd int32 = -1, -1
	for {
		var n treeNode
		n.first, n.last, n.next = -1, -1, -1
		n.keyStart, n.keyEnd = keyStart, keyEnd
		switch s.tok {
		case tName:
			// Names were validated when scanned.
			keyStart = int32(len(t.text))
			t.tmp = unescape(t.tmp[:0], s.buf[s.start:s.end])
			t.text = appendQuotedChars(t.text, t.tmp)
			keyEnd = int32(len(t.text))
			if err := s.next(); err != nil {
				return dst, nil, err
			}
			continue
		case tEndObject, tEndArray:
			t.open = t.open[:len(t.open)-1]
			if len(t.open) == 0 {
				return t.render(dst), nil, nil
			}
			if err := s.next(); err != nil {
				return dst, nil, err
			}
			keyStart, keyEnd = -1, -1
			continue
		case tStartObject, tStartArray:
			n.container = s.tok
		case tString:
			if s.badAt >= 0 {
				s.resumeAfterBadString()
				return dst, errBadString, nil
			}
			n.textStart = int32(len(t.text))
			if s.esc {
				t.tmp = unescape(t.tmp[:0], s.buf[s.start:s.end])
				t.text = appendQuotedChars(t.text, t.tmp)
			} else {
				t.text = appendQuotedChars(t.text, s.buf[s.start:s.end])
			}
			n.textEnd = int32(len(t.text))
		case tInt:
			n.textStart = int32(len(t.text))
			if txt := s.buf[s.start:s.end]; string(txt) == "-0" {
				t.text = append(t.text, '0')
			} else {
				t.text = append(t.text, txt...)
			}
			n.textEnd = int32(len(t.text))
		case tFloat:
			n.textStart = int32(len(t.text))
			t.text = appendTreeFloat(t.text, s.buf[s.start:s.end], decimals)
			n.textEnd = int32(len(t.text))
		case tTrue, tFalse, tNull:
			n.textStart = int32(len(t.text))
			t.text = append(t.text, s.buf[s.start:s.end]...)
			n.textEnd = int32(len(t.text))
		default:
			return dst, nil, errEOF
		}
		idx := int32(len(t.nodes))
		t.nodes = append(t.nodes, n)
		if len(t.open) > 0 {
			t.attach(t.open[len(t.open)-1], idx)
		}
		if n.container != 0 {
			t.open = append(t.open, idx)
		}
		keyStart, keyEnd = -1, -1
		if err := s.next(); err != nil {
			return dst, nil, err
		}
	}
}

// attach adds child to parent; in an object a repeated key replaces the
// earlier value in its position (ObjectNode.replace).
func (t *treeBuilder) attach(parent, child int32) {
	p := &t.nodes[parent]
	if p.container == tStartObject {
		key := t.text[t.nodes[child].keyStart:t.nodes[child].keyEnd]
		prev := int32(-1)
		for c := p.first; c >= 0; c = t.nodes[c].next {
			if string(t.text[t.nodes[c].keyStart:t.nodes[c].keyEnd]) == string(key) {
				t.nodes[child].next = t.nodes[c].next
				if prev < 0 {
					p.first = child
				} else {
					t.nodes[prev].next = child
				}
				if p.last == c {
					p.last = child
				}
				return
			}
			prev = c
		}
	}
	if p.last < 0 {
		p.first = child
	} else {
		t.nodes[p.last].next = child
	}
	p.last = child
}

// render writes node 0 compactly, iteratively.
func (t *treeBuilder) render(dst []byte) []byte {
	stack := append(t.stack[:0], treeFrame{node: 0})
	for len(stack) > 0 {
		f := &stack[len(stack)-1]
		obj := t.nodes[f.node].container == tStartObject
		if !f.started {
			f.started = true
			if obj {
				dst = append(dst, '{')
			} else {
				dst = append(dst, '[')
			}
			f.cur = t.nodes[f.node].first
		} else {
			f.cur = t.nodes[f.cur].next // back from a nested container
		}
		pushed := false
		for f.cur >= 0 {
			c := &t.nodes[f.cur]
			if f.cur != t.nodes[f.node].first {
				dst = append(dst, ',')
			}
			if obj {
				dst = append(dst, t.text[c.keyStart:c.keyEnd]...)
				dst = append(dst, ':')
			}
			if c.container != 0 {
				stack = append(stack, treeFrame{node: f.cur})
				pushed = true
				break
			}
			dst = append(dst, t.text[c.textStart:c.textEnd]...)
			f.cur = c.next
		}
		if pushed {
			continue
		}
		if obj {
			dst = append(dst, '}')
		} else {
			dst = append(dst, ']')
		}
		stack = stack[:len(stack)-1]
	}
	t.stack = stack[:0] // keep the grown stack for the next record
	return dst
}

// appendTreeFloat writes a JSON float token as Jackson's tree holds it.
func appendTreeFloat(dst, txt []byte, decimals bool) []byte {
	f, err := strconv.ParseFloat(string(txt), 64)
	if err != nil && !isRangeErr(err) {
		return append(dst, txt...)
	}
	if math.IsInf(f, 0) {
		if f > 0 {
			return append(dst, `"Infinity"`...)
		}
		return append(dst, `"-Infinity"`...)
	}
	if !decimals {
		return types.AppendJavaFloat(dst, f, 64)
	}
	d, ok := parseBigDecimal(txt)
	if !ok || d.zeroDigits {
		return append(dst, '0')
	}
	var buf [64]byte
	digits := buf[:0]
	for i := 0; i < d.ndigits(); i++ {
		digits = append(digits, d.digit(i))
	}
	exp := d.exp
	for len(digits) > 1 && digits[len(digits)-1] == '0' {
		digits = digits[:len(digits)-1]
		exp++
	}
	return types.AppendJavaDecimalDigits(dst, d.neg, digits, int(-exp), false)
}
