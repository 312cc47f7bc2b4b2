package expr

import (
	"math/rand/v2"
	"testing"
	"time"

	"github.com/sluice-sql/sluice/engine/types"
)

// Arbitrary text cast to every type, parsed with patterns, read as JSON
// paths and LIKE patterns never panics: bad input is an error or NULL.
func TestArbitraryTextDoesNotPanic(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	const alphabet = "0123456789-+.:eE T'\"$[]{}()%_!\\aZyMdHmsS, \x00\xff"
	targets := []types.Type{types.TinyInt, types.Int, types.BigInt, types.Float, types.Double,
		types.DecimalType(5, 2), types.DecimalType(38, 10), types.Boolean, types.Date, types.TimeType(3),
		types.TimestampType(3), types.TimestampType(9), types.TimestampLTZType(3), types.Char(3),
		types.Varchar(2), types.Bytes, types.Binary(2)}
	for i := 0; i < 5000; i++ {
		b := make([]byte, rng.IntN(24))
		for j := range b {
			b[j] = alphabet[rng.IntN(len(alphabet))]
		}
		s := string(b)
		for _, to := range targets {
			if _, err := castExplicit(types.StringValue(s), types.String, to, time.UTC); err != nil {
				continue
			}
		}
		if fields, err := compilePattern(s); err == nil {
			parsePattern(fields, s)
			formatPattern(fields, time.Unix(int64(i)*86399, 0).UTC())
		}
		if steps, err := parseJSONPath(s); err == nil {
			jsonAt(`{"a":[1,{"b":"x"}]}`, steps)
		}
		if l, err := NewLike(str("abc%"), str(s), nil, rng.IntN(2) == 0, false); err == nil {
			l.Eval(nil)
		}
		NewIntervalLiteral(s, "DAY", "SECOND")
		NewNumericLiteral(s)
	}
}
