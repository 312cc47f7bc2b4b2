package json

import (
	"fmt"

	"github.com/sluice-sql/sluice/engine/types"
)

// supportedKind are the column types this format reads and writes: Flink
// 1.20's json format handles all of these (intervals as INT months and
// BIGINT milliseconds, BINARY as base64 like BYTES). Any other type fails
// when the format is created, at explain as at run, instead of writing
// null or failing on every record.
func supportedKind(k types.Kind) bool {
	switch k {
	case types.KindNull, types.KindBoolean, types.KindTinyInt, types.KindSmallInt, types.KindInt, types.KindBigInt,
		types.KindFloat, types.KindDouble, types.KindDecimal, types.KindChar, types.KindVarchar,
		types.KindDate, types.KindTime, types.KindTimestamp, types.KindTimestampLTZ, types.KindBytes, types.KindBinary,
		types.KindIntervalYearMonth, types.KindIntervalDayTime,
		types.KindArray, types.KindMap, types.KindMultiset, types.KindRow:
		return true
	}
	return false
}

// checkSchema names the first column whose type the format cannot handle
// in the given direction ("read" or "write").
func checkSchema(schema types.Schema, direction string) error {
	for _, c := range schema {
		if err := checkType(c.Type); err != nil {
			return fmt.Errorf("the json format cannot %s column '%s' of type %s: %w", direction, c.Name, c.Type, err)
		}
	}
	return nil
}

// checkType checks a type and the types it is made of. MAP keys and
// MULTISET elements must be strings, as in Flink's createMapConverter.
func checkType(t types.Type) error {
	if !supportedKind(t.Kind) {
		return fmt.Errorf("type %s is not supported yet (Sluice's json format handles BOOLEAN, the integer types, "+
			"FLOAT, DOUBLE, DECIMAL, CHAR/VARCHAR/STRING, DATE, TIME, TIMESTAMP, TIMESTAMP_LTZ, BINARY/BYTES, the INTERVAL "+
			"types, ARRAY, MAP, MULTISET and ROW)", t)
	}
	n := t.Nested
	switch t.Kind {
	case types.KindArray:
		return checkType(n.Elem)
	case types.KindMap, types.KindMultiset:
		key := n.Key
		if t.Kind == types.KindMultiset {
			key = n.Elem
		}
		if !key.IsString() {
			return fmt.Errorf("JSON format doesn't support non-string as key type of map. The type is: %s", t)
		}
		if err := checkType(key); err != nil {
			return err
		}
		if t.Kind == types.KindMap {
			return checkType(n.Elem)
		}
	case types.KindRow:
		for _, f := range n.Fields {
			if err := checkType(f.Type); err != nil {
				return err
			}
		}
	}
	return nil
}
