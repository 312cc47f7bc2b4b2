package types

import "testing"

func TestTypeStrings(t *testing.T) {
	tests := []struct {
		t    Type
		want string
	}{
		{TimeType(3), "TIME(3)"},
		{Binary(4), "BINARY(4)"},
		{Varbinary(8), "VARBINARY(8)"},
		{Bytes, "BYTES"},
		{ArrayType(Int.NotNullable()), "ARRAY<INT NOT NULL>"},
		{MapType(String, BigInt), "MAP<STRING, BIGINT>"},
		{MultisetType(Varchar(3)), "MULTISET<VARCHAR(3)>"},
		{RowType(Column{Name: "a", Type: Int}, Column{Name: "b", Type: Char(1).NotNullable()}).NotNullable(), "ROW<`a` INT, `b` CHAR(1) NOT NULL> NOT NULL"},
	}
	for _, tt := range tests {
		if got := tt.t.String(); got != tt.want {
			t.Errorf("got %s, want %s", got, tt.want)
		}
	}
	if !ArrayType(Int).Equal(ArrayType(Int)) || ArrayType(Int).Equal(ArrayType(BigInt)) {
		t.Error("Equal does not compare element types")
	}
}

// Constructed values survive their encoding and print as Flink's Row.toString.
func TestNestedValues(t *testing.T) {
	row := RowValue([]Value{BigIntValue(1), StringValue("a"), Null})
	arr := ArrayValue([]Value{row, Null, ArrayValue([]Value{DoubleValue(1.5)})})
	m := MapValue([]Value{StringValue("k"), arr, StringValue(""), TimeValue(45296789000000)})
	got := string(AppendJavaString(nil, m))
	want := "{k=[+I[1, a, null], null, [1.5]], =12:34:56.789}"
	if got != want {
		t.Errorf("got %s, want %s", got, want)
	}
	if m.Len() != 2 || arr.Len() != 3 {
		t.Errorf("Len: map %d, array %d", m.Len(), arr.Len())
	}
	if _, err := (Value{meta: uint64(KindArray), s: "short"}).Elems(); err == nil {
		t.Error("a corrupt encoding decoded without error")
	}
}
