package syntax

import (
	"reflect"
	"testing"
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
