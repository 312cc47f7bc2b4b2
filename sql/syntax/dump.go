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

const dumpWidth = 100

func dumpValue(b *strings.Builder, v reflect.Value, indent int) {
	limit := dumpWidth
	if !isComposite(v) {
		limit = -1
	}
	inline := dumpInline(v, limit)
	if len(inline) <= dumpWidth || !isComposite(v) {
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

// dumpInline renders v on one line; with limit >= 0 it may stop early once
// the text is longer than limit, so that deep trees dump in linear time.
func dumpInline(v reflect.Value, limit int) string {
	switch v.Kind() {
	case reflect.Invalid:
		return "nil"
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			return "nil"
		}
		return dumpInline(v.Elem(), limit)
	case reflect.String:
		return fmt.Sprintf("%q", v.String())
	case reflect.Bool, reflect.Int:
		return fmt.Sprint(v.Interface())
	}
	switch v.Type() {
	case identType:
		id := v.Interface().(Ident)
		if id.Quoted {
			return "`" + id.Name + "`"
		}
		return id.Name
	case nameType:
		parts := make([]string, v.Len())
		for i := range parts {
			parts[i] = dumpInline(v.Index(i), -1)
		}
		return strings.Join(parts, ".")
	}
	var b strings.Builder
	switch v.Kind() {
	case reflect.Slice:
		b.WriteString("[")
		for i := 0; i < v.Len(); i++ {
			if i > 0 {
				b.WriteString(" ")
			}
			b.WriteString(dumpInline(v.Index(i), limit))
			if limit >= 0 && b.Len() > limit {
				return b.String()
			}
		}
		b.WriteString("]")
	case reflect.Struct:
		b.WriteString("(" + v.Type().Name())
		forFields(v, func(name string, fv reflect.Value) {
			if limit >= 0 && b.Len() > limit {
				return
			}
			b.WriteString(" " + name + "=" + dumpInline(fv, limit))
		})
		b.WriteString(")")
	default:
		fmt.Fprint(&b, v.Interface())
	}
	return b.String()
}
