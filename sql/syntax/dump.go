package syntax

import (
	"fmt"
	"reflect"
	"strings"
)

// Dump renders a syntax tree as a compact, deterministic S-expression:
// (Type field=value ...), zero-valued fields and positions left out, names
// shown as a.b.`c`. Tests compare dumps; they are not meant to be parsed.
func Dump(n any) string {
	var b strings.Builder
	dumpValue(&b, reflect.ValueOf(n), 0)
	return b.String()
}

var (
	identType = reflect.TypeOf(Ident{})
	nameType  = reflect.TypeOf(Name(nil))
	nodeType  = reflect.TypeOf(node{})
)

const (
	dumpWidth     = 100
	maxDumpIndent = 40
)

func dumpValue(b *strings.Builder, v reflect.Value, indent int) {
	limit := dumpWidth
	if !isComposite(v) || indent >= maxDumpIndent {
		limit = -1 // deeper levels go on one line: indenting them would be quadratic
	}
	inline := dumpInline(v, limit)
	if limit < 0 || len(inline) <= dumpWidth {
		b.WriteString(inline)
		return
	}
	for v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface {
		v = v.Elem()
	}
	pad := strings.Repeat("  ", indent+1)
	switch v.Kind() {
	case reflect.Slice:
		b.WriteString("[")
		for i := 0; i < v.Len(); i++ {
			b.WriteString("\n" + pad)
			dumpValue(b, v.Index(i), indent+1)
		}
		b.WriteString("]")
	case reflect.Struct:
		b.WriteString("(" + v.Type().Name())
		forFields(v, func(name string, f reflect.Value) {
			b.WriteString("\n" + pad + name + "=")
			dumpValue(b, f, indent+1)
		})
		b.WriteString(")")
	}
}

func isComposite(v reflect.Value) bool {
	for v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface {
		if v.IsNil() {
			return false
		}
		v = v.Elem()
	}
	if v.Type() == identType || v.Type() == nameType {
		return false
	}
	return v.Kind() == reflect.Struct || v.Kind() == reflect.Slice
}

// forFields calls f for each non-zero field that is not a position.
func forFields(v reflect.Value, f func(name string, fv reflect.Value)) {
	t := v.Type()
	for i := 0; i < t.NumField(); i++ {
		sf := t.Field(i)
		fv := v.Field(i)
		if sf.Type == nodeType || sf.Name == "ValuePos" || fv.IsZero() {
			continue
		}
		f(sf.Name, fv)
	}
}

// dumpInline renders v on one line; with limit >= 0 it stops soon after
// the text is longer than limit, so that deep trees dump in linear time.
func dumpInline(v reflect.Value, limit int) string {
	var b strings.Builder
	max := -1
	if limit >= 0 {
		max = limit
	}
	inlineTo(&b, v, max)
	return b.String()
}

// inlineTo writes v to b, giving up once b is longer than max (if max >= 0).
func inlineTo(b *strings.Builder, v reflect.Value, max int) {
	if max >= 0 && b.Len() > max {
		return
	}
	switch v.Kind() {
	case reflect.Invalid:
		b.WriteString("nil")
		return
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			b.WriteString("nil")
			return
		}
		inlineTo(b, v.Elem(), max)
		return
	case reflect.String:
		fmt.Fprintf(b, "%q", v.String())
		return
	case reflect.Bool, reflect.Int:
		fmt.Fprint(b, v.Interface())
		return
	}
	switch v.Type() {
	case identType:
		id := v.Interface().(Ident)
		if id.Quoted {
			b.WriteString("`" + id.Name + "`")
		} else {
			b.WriteString(id.Name)
		}
		return
	case nameType:
		for i := 0; i < v.Len(); i++ {
			if i > 0 {
				b.WriteByte('.')
			}
			inlineTo(b, v.Index(i), -1)
		}
		return
	}
	switch v.Kind() {
	case reflect.Slice:
		b.WriteString("[")
		for i := 0; i < v.Len(); i++ {
			if i > 0 {
				b.WriteString(" ")
			}
			inlineTo(b, v.Index(i), max)
		}
		b.WriteString("]")
	case reflect.Struct:
		b.WriteString("(" + v.Type().Name())
		forFields(v, func(name string, fv reflect.Value) {
			if max < 0 || b.Len() <= max {
				b.WriteString(" " + name + "=")
				inlineTo(b, fv, max)
			}
		})
		b.WriteString(")")
	default:
		fmt.Fprint(b, v.Interface())
	}
}
