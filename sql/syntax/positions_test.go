package syntax

import (
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"
)

// checkPositions requires a valid position on every node of the tree.
func checkPositions(t *testing.T, s *Script) {
	t.Helper()
	for _, st := range s.Stmts {
		walkNodes(reflect.ValueOf(st), func(v reflect.Value) {
			pos := v.FieldByName("At").Interface().(Pos)
			if !pos.IsValid() {
				t.Errorf("%s has no position in %s", v.Type().Name(), Format(st))
			}
		})
	}
}

// walkNodes calls f for every struct embedding node.
func walkNodes(v reflect.Value, f func(reflect.Value)) {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			walkNodes(v.Elem(), f)
		}
	case reflect.Slice:
		for i := 0; i < v.Len(); i++ {
			walkNodes(v.Index(i), f)
		}
	case reflect.Struct:
		if v.Type() == nodeType {
			return
		}
		if _, ok := v.Type().FieldByName("node"); ok && !v.IsZero() {
			f(v)
		}
		for i := 0; i < v.NumField(); i++ {
			walkNodes(v.Field(i), f)
		}
	}
}

// checkIdentOffsets requires every name's offset to point at its text in
// src, and its line and column to agree with the offset.
func checkIdentOffsets(t *testing.T, src string, s *Script) {
	t.Helper()
	lineStarts := []int{0}
	for i := 0; i < len(src); i++ {
		if src[i] == '\n' {
			lineStarts = append(lineStarts, i+1)
		}
	}
	for _, st := range s.Stmts {
		Inspect(st, func(n Node) bool {
			id, ok := n.(*Ident)
			if !ok || id.At.Line == 0 {
				return true
			}
			want := id.Name
			if id.Quoted {
				want = "`"
			}
			if !strings.HasPrefix(src[id.At.Offset:], want) {
				t.Errorf("name %q at offset %d points at %q", id.Name, id.At.Offset, src[id.At.Offset:min(len(src), id.At.Offset+20)])
			}
			if id.At.Line > len(lineStarts) || utf8.RuneCountInString(src[lineStarts[id.At.Line-1]:id.At.Offset])+1 != id.At.Col {
				t.Errorf("name %q: line %d column %d do not match offset %d", id.Name, id.At.Line, id.At.Col, id.At.Offset)
			}
			return true
		})
	}
}
