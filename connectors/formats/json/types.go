package json

import (
	"fmt"

	"github.com/sluice-sql/sluice/engine/types"
)

// supportedKind are the column types this format reads and writes. The
// planner accepts more (TIME, intervals, ARRAY, MAP, MULTISET, ROW); a
// table with one of those fails when the format is created, at explain as
// at run, instead of writing null or failing on every record.
func supportedKind(k types.Kind) bool {
	switch k {
	case types.KindNull, types.KindBoolean, types.KindTinyInt, types.KindSmallInt, types.KindInt, types.KindBigInt,
		types.KindFloat, types.KindDouble, types.KindDecimal, types.KindChar, types.KindVarchar,
		types.KindDate, types.KindTimestamp, types.KindTimestampLTZ, types.KindBytes:
		return true
	}
	return false
}

// checkSchema names the first column whose type the format cannot handle
// in the given direction ("read" or "write").
func checkSchema(schema types.Schema, direction string) error {
	for _, c := range schema {
		if !supportedKind(c.Type.Kind) {
			return fmt.Errorf("the json format cannot %s column '%s' of type %s yet (Sluice's json format handles "+
				"BOOLEAN, the integer types, FLOAT, DOUBLE, DECIMAL, CHAR/VARCHAR/STRING, DATE, TIMESTAMP, TIMESTAMP_LTZ and BYTES)",
				direction, c.Name, c.Type)
		}
	}
	return nil
}
