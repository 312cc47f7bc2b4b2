package syntax

import "reflect"

// Inspect walks the tree rooted at n depth-first, calling f for each node
// (every value with a position: statements, expressions, table references,
// types, names' parts, ...) before its children; if f returns false the
// node's children are skipped. It finds nodes by reflection, so a new node
// type needs no walker code.
func Inspect(n Node, f func(Node) bool) {
	inspectValue(reflect.ValueOf(n), f)
}

var nodeIface = reflect.TypeOf((*Node)(nil)).Elem()

func inspectValue(v reflect.Value, f func(Node) bool) {
	switch v.Kind() {
	case reflect.Interface:
		if !v.IsNil() {
			inspectValue(v.Elem(), f)
		}
		return
	case reflect.Slice:
		for i := 0; i < v.Len(); i++ {
			inspectValue(v.Index(i), f)
		}
		return
	case reflect.Pointer:
		if v.IsNil() || v.Elem().Kind() != reflect.Struct {
			return
		}
		if v.Type().Implements(nodeIface) && !f(v.Interface().(Node)) {
			return
		}
		inspectFields(v.Elem(), f)
	case reflect.Struct:
		if v.Type() == nodeType {
			return
		}
		if v.CanAddr() && v.Addr().Type().Implements(nodeIface) {
			if !f(v.Addr().Interface().(Node)) {
				return
			}
		} else if v.Type().Implements(nodeIface) && !v.IsZero() && !f(v.Interface().(Node)) {
			return
		}
		inspectFields(v, f)
	}
}

func inspectFields(v reflect.Value, f func(Node) bool) {
	for i := 0; i < v.NumField(); i++ {
		if v.Type().Field(i).Type != nodeType {
			inspectValue(v.Field(i), f)
		}
	}
}
