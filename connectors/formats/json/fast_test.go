package json

import (
	"bytes"
	stdjson "encoding/json"
	"errors"
	"fmt"
	"math"
	"math/big"
	"math/rand/v2"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/sluice-sql/sluice/engine/types"
)

// The fast path (fast.go) must give exactly what the general path gives —
// values, ok, errors — or give up. These tests run both on the same inputs
// and compare.

// fastSchema has a column of every type the fast path reads.
var fastSchema = types.Schema{
	{Name: "id", Type: types.Int},
	{Name: "b", Type: types.Boolean},
	{Name: "ti", Type: types.TinyInt},
	{Name: "si", Type: types.SmallInt},
	{Name: "bi", Type: types.BigInt},
	{Name: "f", Type: types.Float},
	{Name: "d", Type: types.Double},
	{Name: "dec", Type: types.DecimalType(10, 2)},
	{Name: "d0", Type: types.DecimalType(3, 0)},
	{Name: "d18", Type: types.DecimalType(18, 18)},
	{Name: "s", Type: types.String},
	{Name: "c", Type: types.Char(3)},
	{Name: "dt", Type: types.Date},
	{Name: "ts", Type: types.TimestampType(3)},
	{Name: "ltz", Type: types.TimestampLTZType(3)},
	{Name: "by", Type: types.Bytes},
}

var fastSchemaRecords = []string{
	`{"id":1,"b":true,"ti":-128,"si":32767,"bi":-9007199254740993,"f":1.5,"d":-2.5e-300,"dec":12.345,` +
		`"d0":999,"d18":0.123456789012345678,"s":"hello","c":"abc","dt":"2024-02-29",` +
		`"ts":"2023-08-10 12:34:56.123456789","ltz":"2023-08-10 12:34:56Z","by":"AQID"}`,
	`{"id": 0, "b": false, "ti": null, "si": -0, "bi": 0, "f": 0, "d": 1E+2, "dec": -0.005, "d0": 0.5, ` +
		`"d18": 0.0000000000000000005, "s": "", "c": "x` + "\t" + `y", "dt": "1970-01-01", "ts": "2023-08-10 23:59:59.", ` +
		`"ltz": "2023-08-10 24:00:00Z", "by": ""}`,
	"{ \"id\" :7 ,\n\"b\"\t:\rtrue , \"ti\": 1, \"si\": 2, \"bi\": 3, \"f\": 4, \"d\": 5, \"dec\": 6, \"d0\": 7, " +
		"\"d18\": 0, \"s\": \"s\", \"c\": \"c\", \"dt\": null, \"ts\": null, \"ltz\": null, \"by\": null } trailing",
	// ISO-8601 timestamps, for that option.
	`{"id":2,"b":true,"ti":1,"si":2,"bi":3,"f":4.5,"d":5,"dec":6,"d0":7,"d18":0.5,"s":"s","c":"c",` +
		`"dt":"2023-08-10","ts":"2023-08-10T12:34:56.5","ltz":"2023-08-10T12:34Z","by":"AQID"}`,
}

var fastOptionSets = []map[string]string{
	nil,
	{"ignore-parse-errors": "true"},
	{"fail-on-missing-field": "true"},
	{"timestamp-format.standard": "ISO-8601"},
}

// pairTest decodes inputs with the fast path on and off.
type pairTest struct {
	name        string
	fast, slow  *decoder
	plain       *decoder // neither the fast path nor nextToken's name guess
	probe       *decoder // decodeFast alone, to count the records it takes
	n, fastHits int
}

func newPairs(t testing.TB, schema types.Schema, name string) []*pairTest {
	t.Helper()
	var ps []*pairTest
	for _, o := range fastOptionSets {
		mk := func() *decoder {
			d, err := Factory{}.NewDecoder(schema, o)
			if err != nil {
				t.Fatal(err)
			}
			return d.(*decoder)
		}
		p := &pairTest{name: fmt.Sprintf("%s %v", name, o), fast: mk(), slow: mk(), plain: mk(), probe: mk()}
		p.slow.noFast = true
		p.plain.noFast, p.plain.noGuess = true, true
		ps = append(ps, p)
	}
	return ps
}

func (p *pairTest) check(t testing.TB, data []byte) {
	t.Helper()
	n := len(p.fast.cols)
	got, want := make([]types.Value, n), make([]types.Value, n)
	// Stale values in dst must not leak into a decoded record.
	for i := range got {
		got[i] = types.StringValue("stale")
		want[i] = types.StringValue("stale")
	}
	p.fast.fastMisses = 0 // always try the fast path here (see tryFast)
	okF, errF := p.fast.Decode(data, got)
	okS, errS := p.slow.Decode(data, want)
	p.n++
	if p.probe.fast != nil && p.probe.decodeFast(data, make([]types.Value, n)) {
		p.fastHits++
	}
	if okF != okS || fmt.Sprint(errF) != fmt.Sprint(errS) {
		t.Fatalf("%s: %q: fast path ok=%v err=%v, general ok=%v err=%v", p.name, data, okF, errF, okS, errS)
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("%s: %q:\nfast path %s\ngeneral   %s", p.name, data,
			types.AppendRowString(nil, types.Row{Fields: got}), types.AppendRowString(nil, types.Row{Fields: want}))
	}
	// The general path's own shortcut, nextToken's guess of the next name.
	plain := make([]types.Value, n)
	for i := range plain {
		plain[i] = types.StringValue("stale")
	}
	okP, errP := p.plain.Decode(data, plain)
	if okP != okS || fmt.Sprint(errP) != fmt.Sprint(errS) || !reflect.DeepEqual(plain, want) {
		t.Fatalf("%s: %q: without the name guess ok=%v err=%v %s; with it ok=%v err=%v %s", p.name, data,
			okP, errP, types.AppendRowString(nil, types.Row{Fields: plain}), okS, errS,
			types.AppendRowString(nil, types.Row{Fields: want}))
	}
}

// mutations returns variants of rec: every byte deleted, replaced by or
// preceded by each of a set of bytes chosen to hit every branch of the
// fast path (structure, numbers, escapes, UTF-8, whitespace).
func mutations(rec []byte) [][]byte {
	const alphabet = " \t\n\"\\,:{}[]-+.eE019n\x00\x80\xffa/ZT"
	var out [][]byte
	for p := 0; p <= len(rec); p++ {
		if p < len(rec) {
			out = append(out, append(append([]byte{}, rec[:p]...), rec[p+1:]...))
		}
		for _, c := range []byte(alphabet) {
			if p < len(rec) && rec[p] != c {
				m := append([]byte{}, rec...)
				m[p] = c
				out = append(out, m)
			}
			out = append(out, append(append(append([]byte{}, rec[:p]...), c), rec[p:]...))
		}
	}
	return out
}

func fastCorpus(t testing.TB) [][]byte {
	var in [][]byte
	for _, r := range seedRecords(64) {
		in = append(in, r)
	}
	in = append(in, transactionJSON)
	for _, r := range fastSchemaRecords {
		in = append(in, []byte(r))
	}
	if o, err := readOracleInputs(); err == nil {
		in = append(in, o...)
	} else {
		t.Fatalf("oracle inputs: %v", err)
	}
	return in
}

func TestFastPathMatchesGeneral(t *testing.T) {
	corpus := fastCorpus(t)
	for _, c := range []struct {
		name   string
		schema types.Schema
		bases  [][]byte
	}{
		{"transaction", transactionSchema, append(seedRecords(2), transactionJSON)},
		{"all types", fastSchema, [][]byte{[]byte(fastSchemaRecords[0]), []byte(fastSchemaRecords[1]), []byte(fastSchemaRecords[3])}},
		// Strings in the last 8 bytes of the input take plainString's
		// byte-by-byte tail.
		{"short strings", types.Schema{{Name: "s", Type: types.String}, {Name: "t", Type: types.Varchar(3)}},
			[][]byte{[]byte(`{"s":"ab","t":"c"}`), []byte(`{"s": "", "t": "xyz"}`)}},
	} {
		var muts [][]byte
		for _, b := range c.bases {
			muts = append(muts, mutations(b)...)
		}
		for _, p := range newPairs(t, c.schema, c.name) {
			for _, in := range corpus {
				p.check(t, in)
			}
			// Each base in its timestamp standard takes the fast path.
			iso := strings.Contains(p.name, "ISO")
			for _, b := range c.bases {
				if bytes.Contains(b, []byte("T12:34")) == iso && !p.probe.decodeFast(b, make([]types.Value, len(c.schema))) {
					t.Errorf("%s: the fast path gave up on %s", p.name, b)
				}
			}
			if strings.Contains(p.name, "fail-on-missing-field") {
				// Adds nothing on mutations: the fast path needs every
				// field anyway, so it gives up wherever this option acts.
				continue
			}
			p.n, p.fastHits = 0, 0
			for k, in := range muts {
				if testing.Short() && k%4 != 0 {
					continue
				}
				p.check(t, in)
			}
			t.Logf("%s: %d mutated records, %d through the fast path", p.name, p.n, p.fastHits)
			// The comparison means something only if the fast path took a
			// good share of them (most mutations inside values keep the
			// shape). ISO-8601 does not read the SQL timestamps of most bases.
			if p.fastHits < p.n/20 && !iso {
				t.Errorf("%s: only %d of %d records took the fast path", p.name, p.fastHits, p.n)
			}
		}
	}
}

// The oracle's records name only some columns; read each with a schema of
// just its own keys, in its order, so that the fast path takes them.
func TestFastPathMatchesGeneralOnOracleRecords(t *testing.T) {
	o := loadOracle(t)
	hits := 0
	for _, g := range o.Groups {
		full := g.schema(t)
		for _, in := range lines(t, g.Input, g.InputB64) {
			keys, ok := topLevelKeys(in)
			if !ok {
				continue
			}
			var schema types.Schema
			for _, k := range keys {
				for _, c := range full {
					if c.Name == k {
						schema = append(schema, c)
					}
				}
			}
			if len(schema) != len(keys) {
				continue
			}
			for _, p := range newPairs(t, schema, g.Name) {
				p.check(t, in)
				hits += p.fastHits
			}
		}
	}
	if hits < 100 {
		t.Errorf("only %d oracle records took the fast path", hits)
	}
}

// topLevelKeys returns the keys of a JSON object in order, if distinct.
func topLevelKeys(in []byte) ([]string, bool) {
	dec := stdjson.NewDecoder(bytes.NewReader(in))
	if tok, err := dec.Token(); err != nil || tok != stdjson.Delim('{') {
		return nil, false
	}
	var keys []string
	seen := map[string]bool{}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, false
		}
		k := tok.(string)
		if seen[k] {
			return nil, false
		}
		seen[k] = true
		keys = append(keys, k)
		var v stdjson.RawMessage
		if err := dec.Decode(&v); err != nil {
			return nil, false
		}
	}
	return keys, len(keys) > 0
}

// FuzzFastPath compares the two paths on arbitrary inputs.
func FuzzFastPath(f *testing.F) {
	for _, in := range fastCorpus(f) {
		f.Add(in)
	}
	pairs := append(newPairs(f, transactionSchema, "transaction"), newPairs(f, fastSchema, "all types")...)
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, p := range pairs {
			p.check(t, data)
		}
	})
}

func TestDecodeSeedRecordsOneAllocation(t *testing.T) {
	recs := seedRecords(16)
	dec, _ := Factory{}.NewDecoder(transactionSchema, nil)
	dst := make([]types.Value, len(transactionSchema))
	i := 0
	allocs := testing.AllocsPerRun(200, func() {
		if ok, err := dec.Decode(recs[i%len(recs)], dst); !ok || err != nil {
			t.Fatal(ok, err)
		}
		i++
	})
	if allocs > 1 {
		t.Errorf("%v allocations per seed record, want ≤ 1", allocs)
	}
}

// timestampTexts is a grid of well-formed and nearly well-formed SQL
// timestamps: field values at and beyond their limits, every fraction
// length, wrong separators.
func timestampTexts() []string {
	var out []string
	dates := []string{"0000-01-01", "0001-12-31", "1582-10-15", "1900-02-28", "1900-02-29", "1969-12-31",
		"1970-01-01", "2000-02-29", "2023-02-28", "2023-02-29", "2023-04-30", "2023-04-31", "2023-08-14",
		"2024-02-29", "2024-02-30", "2023-00-10", "2023-13-10", "2023-01-00", "2023-01-32", "9999-12-31",
		"2023-8-14x", "2023/08/14", "20230-8-14"}
	times := []string{"00:00:00", "09:01:00", "23:59:59", "24:00:00", "24:00:01", "23:60:00", "23:00:60",
		"25:00:00", "9:01:00x", "09:01", "09-01-00", "0a:01:00"}
	fracs := []string{"", ".", ".0", ".1", ".12", ".123", ".000150", ".1234567", ".12345678", ".123456789",
		".1234567890", ".12a", "x", "Z", " ", ".-1"}
	for _, d := range dates {
		for _, tm := range times {
			for _, f := range fracs {
				out = append(out, d+" "+tm+f)
			}
		}
		out = append(out, d+"T09:01:00", d, d+" ", d+" 09:01:0")
	}
	return out
}

func sameTimestampParse(t *testing.T, s string, got types.Timestamp, ok bool) {
	t.Helper()
	want, err := types.ParseTimestampSQL(s)
	if ok && (err != nil || got != want) {
		t.Fatalf("%q: fast %v, types.ParseTimestampSQL %v, %v", s, got, want, err)
	}
}

func TestTimestampFastMatches(t *testing.T) {
	var m minuteCache
	accepted := 0
	texts := timestampTexts()
	for _, s := range texts {
		ts, ok := parseTimestampSQLFast([]byte(s))
		sameTimestampParse(t, s, ts, ok)
		// The cached parse, after whatever minute came before.
		ts2, ok2 := m.parse([]byte(s))
		if ok2 != ok || ts2 != ts {
			t.Fatalf("%q: cached %v %v, uncached %v %v", s, ts2, ok2, ts, ok)
		}
		if ok {
			accepted++
		}
		// Everything the general parser accepts without resolving
		// (clamping, 24:00) the fast one must accept too.
		if want, err := types.ParseTimestampSQL(s); err == nil && !ok &&
			!strings.Contains(s, " 24:") && !strings.Contains(s, "-29 ") && !strings.Contains(s, "-30 ") &&
			!strings.Contains(s, "-31 ") {
			t.Errorf("%q: the fast parse gave up on %v", s, want)
		}
	}
	if accepted < 300 {
		t.Errorf("only %d of %d accepted", accepted, len(texts))
	}
}

func FuzzTimestampFast(f *testing.F) {
	for _, s := range timestampTexts() {
		f.Add(s)
	}
	var m minuteCache
	f.Fuzz(func(t *testing.T, s string) {
		ts, ok := parseTimestampSQLFast([]byte(s))
		sameTimestampParse(t, s, ts, ok)
		ts2, ok2 := m.parse([]byte(s))
		if ok2 != ok || ts2 != ts {
			t.Fatalf("%q: cached %v %v, uncached %v %v", s, ts2, ok2, ts, ok)
		}
	})
}

func TestParse8(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for range 100000 {
		v := r.Uint64N(100000000)
		s := fmt.Sprintf("%08d", v)
		w := leUint64(s)
		if !allDigits8(w) || parse8(w) != v {
			t.Fatalf("%s: allDigits8 %v parse8 %d", s, allDigits8(w), parse8(w))
		}
		// One byte that is not a digit anywhere must be seen.
		b := []byte(s)
		b[r.IntN(8)] = byte(r.IntN(256))
		_, err := strconv.ParseUint(string(b), 10, 64)
		if allDigits8(leUint64(string(b))) != (err == nil) {
			t.Fatalf("%q: allDigits8 %v", b, !(err == nil))
		}
	}
}

func leUint64(s string) uint64 {
	var w uint64
	for i := 7; i >= 0; i-- {
		w = w<<8 | uint64(s[i])
	}
	return w
}

// plainDecimal against parseBigDecimal + toDecimal, the general path's.
func TestPlainDecimalMatches(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	digits := func(n int) string {
		var sb strings.Builder
		for range n {
			sb.WriteByte(byte('0' + r.IntN(10)))
		}
		return sb.String()
	}
	var texts []string
	for range 50000 {
		s := ""
		if r.IntN(3) == 0 {
			s = "-"
		}
		if r.IntN(4) == 0 {
			s += "0"
		} else {
			s += strconv.Itoa(1+r.IntN(9)) + digits(r.IntN(20))
		}
		if r.IntN(3) > 0 {
			s += "." + digits(r.IntN(22))
		}
		texts = append(texts, s)
	}
	texts = append(texts, "0", "-0", "0.5", "0.05", "0.95", "9.995", "99999999.995", "99999999.994",
		"999999999999999999", "1000000000000000000", "0.999999999999999999", "0.9999999999999999995", "1.", "-", "01")
	taken := 0
	for _, s := range texts {
		for _, ps := range [][2]int{{10, 2}, {1, 1}, {1, 0}, {3, 0}, {18, 0}, {18, 18}, {18, 4}, {5, 5}, {12, 6}} {
			p, sc := ps[0], ps[1]
			v, end, ok := plainDecimal([]byte(s+","), 0, p, sc)
			if !ok {
				continue
			}
			taken++
			if end != len(s) {
				t.Fatalf("%q: end %d", s, end)
			}
			dt, okG := parseBigDecimal([]byte(s))
			want, fits := dt.toDecimal(p, sc)
			if !okG || !fits || types.NewDecimal(v, sc) != want {
				t.Fatalf("%q as DECIMAL(%d, %d): fast %d, general %v (parsed %v, fits %v)", s, p, sc, v,
					string(types.AppendJavaDecimal(nil, want)), okG, fits)
			}
		}
	}
	if taken < len(texts) {
		t.Errorf("fast decimal took only %d", taken)
	}
}

// The encoder's fast paths (appendQuotedString, appendTimestampFast, the
// per-column leads) against the plain way of writing the same row.
func refEncode(schema types.Schema, iso bool, fields []types.Value) []byte {
	dst := []byte{'{'}
	for i, c := range schema {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = append(appendQuoted(dst, c.Name), ':')
		v := types.Null
		if i < len(fields) {
			v = fields[i]
		}
		switch v.Kind() {
		case types.KindChar, types.KindVarchar:
			dst = appendQuoted(dst, v.Str())
		case types.KindTimestamp, types.KindTimestampLTZ:
			dst = append(dst, '"')
			if iso {
				dst = types.AppendTimestampISO(dst, v.Timestamp())
			} else {
				dst = types.AppendTimestampSQL(dst, v.Timestamp())
			}
			if v.Kind() == types.KindTimestampLTZ {
				dst = append(dst, 'Z')
			}
			dst = append(dst, '"')
		default:
			// The other kinds have no fast path: the encoder's own writer.
			e := encoder{iso: iso}
			dst = e.appendValue(dst, &v)
		}
	}
	return append(dst, '}')
}

func checkEncode(t *testing.T, schema types.Schema, fields []types.Value) {
	t.Helper()
	for _, iso := range []bool{false, true} {
		o := map[string]string{}
		if iso {
			o["timestamp-format.standard"] = "ISO-8601"
		}
		enc, err := Factory{}.NewEncoder(schema, o)
		if err != nil {
			t.Fatal(err)
		}
		got, _ := enc.Encode([]byte("x"), fields)
		if want := append([]byte("x"), refEncode(schema, iso, fields)...); !bytes.Equal(got, want) {
			t.Fatalf("iso=%v: encoded\n got %q\nwant %q", iso, got, want)
		}
	}
}

func TestEncodeFastMatches(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	schema := types.Schema{{Name: "s", Type: types.String}, {Name: "ts", Type: types.TimestampType(9)},
		{Name: "ltz", Type: types.TimestampLTZType(9)}, {Name: `q"uo\te`, Type: types.Int}}
	strs := []string{"", "a", "plain ascii text", "12345678", "1234567\"", "\x00", "tab\there", "\x7f", "é",
		"\U0001F600", "\xed\xa0\x80", "\xff", "back\\slash", "0123456789abcdef\x1f", "0123456789abcdef\x20"}
	nanos := []int32{0, 1, 10, 100, 1000, 150000, 1000000, 120000000, 100000000, 999999999, 500, -1, 1e9, 1e9 + 7}
	for range 20000 {
		var b []byte
		for range r.IntN(24) {
			b = append(b, byte(r.IntN(256)))
		}
		s := strs[r.IntN(len(strs))]
		if r.IntN(2) == 0 {
			s = string(b)
		}
		sec := r.Int64N(400_000_000_000) - 200_000_000_000 // ±6000 years
		if r.IntN(4) == 0 {
			sec = r.Int64N(4_000_000_000) // 1970–2096
		}
		ts := types.Timestamp{Sec: sec, Nano: nanos[r.IntN(len(nanos))]}
		if r.IntN(2) == 0 {
			ts.Nano = int32(r.IntN(1e9))
		}
		checkEncode(t, schema, []types.Value{types.StringValue(s), types.TimestampValue(ts),
			types.TimestampLTZValue(ts), types.IntValue(types.KindInt, r.Int64())})
	}
	// Day, epoch and year-1000/9999 boundaries.
	for _, sec := range []int64{0, -1, 1, 86399, 86400, -86400, -86401, -30610224000, -30610224001,
		253402300799, 253402300800, -62135596800, -62167219200, -62167219201} {
		for _, nano := range nanos {
			ts := types.Timestamp{Sec: sec, Nano: nano}
			checkEncode(t, schema, []types.Value{types.Null, types.TimestampValue(ts), types.TimestampLTZValue(ts)})
		}
	}
	// A short row: the missing fields are null.
	checkEncode(t, schema, []types.Value{types.StringValue("x")})
	checkEncode(t, schema, nil)
}

func FuzzEncodeFast(f *testing.F) {
	f.Add("plain", int64(1692000000), int32(150000))
	f.Add("\"\\\x00é", int64(-62135596801), int32(999999999))
	schema := types.Schema{{Name: "s", Type: types.String}, {Name: "ts", Type: types.TimestampType(9)}}
	f.Fuzz(func(t *testing.T, s string, sec int64, nano int32) {
		checkEncode(t, schema, []types.Value{types.StringValue(s), types.TimestampValue(types.Timestamp{Sec: sec, Nano: nano})})
	})
}

func TestDecimalFormatFastMatches(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	check := func(d types.Decimal) {
		v := types.DecimalValue(d)
		for _, plain := range []bool{false, true} {
			got := appendDecimal([]byte("x"), &v, plain)
			want := types.AppendJavaDecimalStripped([]byte("x"), d, plain)
			if !bytes.Equal(got, want) {
				t.Fatalf("%s (plain %v): got %q, want %q", types.AppendJavaDecimal(nil, d), plain, got, want)
			}
		}
	}
	for range 100000 {
		u := r.Int64N(pow10[r.IntN(19)]) * []int64{1, 10, 100, 1000}[r.IntN(4)]
		if r.IntN(2) == 0 {
			u = -u
		}
		check(types.NewDecimal(u, r.IntN(24)-3))
	}
	for _, u := range []int64{0, 1, -1, 10, 100, math.MaxInt64, math.MinInt64, -math.MaxInt64, 999999999999999999} {
		for sc := -3; sc < 21; sc++ {
			check(types.NewDecimal(u, sc))
		}
	}
	big, _ := new(big.Int).SetString("123456789012345678901234567890", 10)
	check(types.NewDecimalBig(big, 2))
	check(types.NewDecimalBig(big.Neg(big), 30))
}

// A string with a bad escape that no converter reads (a NULL-typed column
// ignores its value) fails when the parser moves past it, as Jackson's
// skipping of it does — also when the next name could be guessed.
func TestNextTokenAfterUnreadBadString(t *testing.T) {
	schema := types.Schema{{Name: "n", Type: types.Type{Kind: types.KindNull}}, {Name: "b", Type: types.Int}}
	for _, in := range []string{`{"n":"\q,"b":1}`, `{"n":"\q, "b":1}`, `{"n":"\q,"b":1,"c":2}`} {
		for _, p := range newPairs(t, schema, "null column") {
			p.check(t, []byte(in))
			dst := make([]types.Value, 2)
			if ok, err := p.fast.Decode([]byte(in), dst); ok || !p.fast.ignoreErrors && !errors.Is(err, errBadString) {
				t.Errorf("%s: %s: ok=%v err=%v, want the bad string's error", p.name, in, ok, err)
			}
		}
	}
}

// After a run of records it gives up on, the fast path is tried now and then
// only — and taken up again once records have the usual shape again.
func TestFastPathBacksOffAndResumes(t *testing.T) {
	dec, _ := Factory{}.NewDecoder(transactionSchema, nil)
	d := dec.(*decoder)
	dst := make([]types.Value, len(transactionSchema))
	seed := seedRecords(1)[0]
	escaped := bytes.Replace(seed, []byte(`"Online"`), []byte(`"On\u006cine"`), 1)
	if bytes.Equal(escaped, seed) {
		t.Fatal("no escape put in")
	}
	for range 1000 {
		if ok, err := d.Decode(escaped, dst); !ok || err != nil || dst[2].Str() != "Online" {
			t.Fatal(ok, err, dst[2])
		}
	}
	if d.fastMisses >= 1000 || d.fastMisses < fastGiveUp {
		t.Errorf("fast path tried on %d of 1000 records it cannot take", d.fastMisses)
	}
	for range 2 * fastRetry {
		if ok, err := d.Decode(seed, dst); !ok || err != nil {
			t.Fatal(ok, err)
		}
	}
	if d.fastMisses != 0 {
		t.Errorf("fast path not resumed: %d misses", d.fastMisses)
	}
}
