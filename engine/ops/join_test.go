package ops

import (
	"fmt"
	"math/rand"
	"sort"
	"strings"
	"testing"

	"github.com/sluice-sql/sluice/engine/expr"
	"github.com/sluice-sql/sluice/engine/types"
)

// The fraud-detection shape: transactions(account_id, amount, ts) joined
// with flags(account_id, flag_ts) on account_id where ts > flag_ts.
func fraudJoin() *Join {
	lk, rk := NewKeyPair([]int{0}, []int{0}, []types.Type{types.BigInt}, []types.Type{types.BigInt})
	residual := &expr.Compare{Op: expr.Gt,
		L: &expr.Column{Index: 2, Name: "ts", T: types.TimestampType(3)},
		R: &expr.Column{Index: 4, Name: "flag_ts", T: types.TimestampType(3)}}
	return NewJoin(lk, rk, residual, 3, 2)
}

type input struct {
	left bool
	row  types.Row
}

func tx(acct int64, amount string, sec int64) input {
	d, _ := types.ParseDecimal(amount)
	var id types.Value
	if acct >= 0 {
		id = types.BigIntValue(acct)
	}
	return input{left: true, row: types.Row{Fields: []types.Value{id, types.DecimalValue(d), types.TimestampValue(types.Timestamp{Sec: sec})}}}
}

func flag(acct int64, sec int64) input {
	var id types.Value
	if acct >= 0 {
		id = types.BigIntValue(acct)
	}
	return input{row: types.Row{Fields: []types.Value{id, types.TimestampValue(types.Timestamp{Sec: sec})}}}
}

func run(j *Join, in []input) []string {
	var out []types.Row
	for _, i := range in {
		if i.left {
			out = j.Left([]types.Row{i.row}, out)
		} else {
			out = j.Right([]types.Row{i.row}, out)
		}
	}
	var s []string
	for _, r := range out {
		parts := make([]string, len(r.Fields))
		for k, v := range r.Fields {
			switch v.Kind() {
			case types.KindNull:
				parts[k] = "null"
			case types.KindDecimal:
				parts[k] = v.Decimal().PlainString()
			case types.KindTimestamp:
				parts[k] = fmt.Sprint(v.Timestamp().Sec)
			default:
				parts[k] = fmt.Sprint(v.Int())
			}
		}
		s = append(s, r.Kind.String()+"["+strings.Join(parts, ", ")+"]")
	}
	sort.Strings(s)
	return s
}

func TestJoinSemantics(t *testing.T) {
	tests := []struct {
		name string
		in   []input
		want []string
	}{
		{"flag before transaction", []input{flag(1, 10), tx(1, "5.00", 20)}, []string{"+I[1, 5.00, 20, 1, 10]"}},
		{"flag after the transactions it matches", []input{tx(1, "5.00", 20), tx(1, "6.00", 30), flag(1, 10)},
			[]string{"+I[1, 5.00, 20, 1, 10]", "+I[1, 6.00, 30, 1, 10]"}},
		{"residual fails: transaction before flag", []input{tx(1, "5.00", 5), flag(1, 10)}, nil},
		{"equal timestamps do not pass >", []input{flag(1, 10), tx(1, "5.00", 10)}, nil},
		{"other account", []input{flag(1, 10), tx(2, "5.00", 20)}, nil},
		{"twice-flagged account gives one row per flag", []input{flag(1, 10), flag(1, 15), tx(1, "5.00", 20), tx(1, "7.00", 12)},
			[]string{"+I[1, 5.00, 20, 1, 10]", "+I[1, 5.00, 20, 1, 15]", "+I[1, 7.00, 12, 1, 10]"}},
		{"duplicates give N×M", []input{flag(1, 1), flag(1, 1), tx(1, "1.00", 2), tx(1, "1.00", 2), tx(1, "1.00", 2)},
			[]string{"+I[1, 1.00, 2, 1, 1]", "+I[1, 1.00, 2, 1, 1]", "+I[1, 1.00, 2, 1, 1]", "+I[1, 1.00, 2, 1, 1]", "+I[1, 1.00, 2, 1, 1]", "+I[1, 1.00, 2, 1, 1]"}},
		{"NULL keys never match", []input{flag(-1, 1), tx(-1, "1.00", 2)}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := run(fraudJoin(), tt.in)
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Fatalf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

// The output multiset must not depend on arrival order.
func TestJoinOrderIndependent(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	var in []input
	for i := 0; i < 300; i++ {
		acct := int64(rng.Intn(10))
		if rng.Intn(5) == 0 {
			in = append(in, flag(acct, int64(rng.Intn(100))))
		} else {
			in = append(in, tx(acct, fmt.Sprintf("%d.%02d", rng.Intn(100), rng.Intn(100)), int64(rng.Intn(100))))
		}
	}
	want := run(fraudJoin(), in)
	if len(want) == 0 {
		t.Fatal("test data produced no matches")
	}
	for k := 0; k < 5; k++ {
		rng.Shuffle(len(in), func(i, j int) { in[i], in[j] = in[j], in[i] })
		if got := run(fraudJoin(), in); strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Fatalf("shuffle %d: %d rows, want %d", k, len(got), len(want))
		}
	}
}

func TestKeyEncodingAcrossTypes(t *testing.T) {
	d150, _ := types.ParseDecimal("1.50")
	d15, _ := types.ParseDecimal("1.5")
	d2, _ := types.ParseDecimal("2.00")
	tests := []struct {
		name   string
		lt, rt types.Type
		l, r   types.Value
		equal  bool
	}{
		{"INT = BIGINT", types.Int, types.BigInt, types.IntValue(types.KindInt, 5), types.BigIntValue(5), true},
		{"DECIMAL scales", types.DecimalType(10, 2), types.DecimalType(10, 1), types.DecimalValue(d150), types.DecimalValue(d15), true},
		{"DECIMAL = INT", types.DecimalType(10, 2), types.Int, types.DecimalValue(d2), types.IntValue(types.KindInt, 2), true},
		{"different ints", types.BigInt, types.BigInt, types.BigIntValue(1), types.BigIntValue(2), false},
		{"strings", types.String, types.Varchar(3), types.StringValue("ab"), types.StringValue("ab"), true},
		{"string prefix", types.String, types.String, types.StringValue("a"), types.StringValue("ab"), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			lk, rk := NewKeyPair([]int{0}, []int{0}, []types.Type{tt.lt}, []types.Type{tt.rt})
			a, _ := lk.Encode(nil, []types.Value{tt.l})
			b, _ := rk.Encode(nil, []types.Value{tt.r})
			if (string(a) == string(b)) != tt.equal {
				t.Fatalf("keys %x and %x: equal=%v, want %v", a, b, string(a) == string(b), tt.equal)
			}
		})
	}
}

// A residual condition that fails on a pair is reported by Err and the
// pair is not emitted.
func TestJoinResidualError(t *testing.T) {
	lk, rk := NewKeyPair([]int{0}, []int{0}, []types.Type{types.BigInt}, []types.Type{types.BigInt})
	div, err := expr.NewArithmetic(expr.Divide, &expr.Column{Index: 1, Name: "a", T: types.BigInt}, &expr.Column{Index: 3, Name: "b", T: types.BigInt})
	if err != nil {
		t.Fatal(err)
	}
	residual, err := expr.NewComparison(expr.Gt, div, &expr.Column{Index: 1, Name: "a", T: types.BigInt})
	if err != nil {
		t.Fatal(err)
	}
	j := NewJoin(lk, rk, residual, 2, 2)
	j.Left([]types.Row{{Fields: []types.Value{types.BigIntValue(1), types.BigIntValue(5)}}}, nil)
	out := j.Right([]types.Row{{Fields: []types.Value{types.BigIntValue(1), types.BigIntValue(0)}}}, nil)
	if len(out) != 0 || j.Err() == nil || !strings.Contains(j.Err().Error(), "/ by zero") {
		t.Fatalf("out %v, Err %v; want no rows and a division error", out, j.Err())
	}
}
