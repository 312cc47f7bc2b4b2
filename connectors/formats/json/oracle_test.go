package json

import (
	"encoding/base64"
	stdjson "encoding/json"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/sluice-sql/sluice/engine/types"
)

// The vectors in testdata/flink_oracle.json were recorded from Apache Flink
// 1.20 by scripts/flink-oracle/run.sh: each group is a table read with the
// json format from a file of lines, then printed (print sink) and written
// back (json format). Replaying them checks decoding, Row.toString and
// encoding against Flink byte for byte.

type oracleFile struct {
	Flink      string
	Groups     []oracleGroup
	Validation []oracleValidation
}

type oracleGroup struct {
	Name     string
	Columns  [][2]string
	Options  map[string]string
	Input    []string
	InputB64 []string `json:"input_b64"`
	Print    []string
	PrintB64 []string `json:"print_b64"`
	JSON     []string `json:"json"`
	JSONB64  []string `json:"json_b64"`
	Error    []string
}

type oracleValidation struct {
	Options map[string]string
	Decode  []string
	Encode  []string
}

func loadOracle(t testing.TB) *oracleFile {
	t.Helper()
	raw, err := os.ReadFile("testdata/flink_oracle.json")
	if err != nil {
		t.Fatal(err)
	}
	var o oracleFile
	if err := stdjson.Unmarshal(raw, &o); err != nil {
		t.Fatal(err)
	}
	return &o
}

// lines returns the raw bytes of a recorded list (base64 when the text is
// not UTF-8).
func lines(t testing.TB, text, b64 []string) [][]byte {
	out := make([][]byte, 0, len(text))
	if b64 != nil {
		for _, s := range b64 {
			b, err := base64.StdEncoding.DecodeString(s)
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, b)
		}
		return out
	}
	for _, s := range text {
		out = append(out, []byte(s))
	}
	return out
}

// parseType reads the SQL type names the oracle uses, constructed ones
// ("ARRAY<ROW<`x` INT, `s` STRING>>") included.
func parseType(t testing.TB, s string) types.Type {
	typ, rest := parseTypePrefix(t, strings.TrimSpace(s))
	if rest != "" {
		t.Fatalf("type %q: %q left over", s, rest)
	}
	return typ
}

// parseTypePrefix reads one type at the start of s and returns the rest.
func parseTypePrefix(t testing.TB, s string) (types.Type, string) {
	end := strings.IndexAny(s, "<,>")
	if end < 0 {
		end = len(s)
	}
	if i := strings.IndexByte(s[:end], '('); i >= 0 {
		end = strings.IndexByte(s, ')') + 1
	}
	head, rest := strings.TrimSpace(s[:end]), s[end:]
	if !strings.HasPrefix(rest, "<") {
		return parseScalarType(t, head), rest
	}
	var parts []types.Type
	var names []string
	rest = rest[1:]
	for {
		rest = strings.TrimSpace(rest)
		if head == "ROW" {
			name, after, ok := strings.Cut(strings.TrimPrefix(rest, "`"), "`")
			if !ok {
				t.Fatalf("ROW field name in %q", s)
			}
			names, rest = append(names, name), after
		}
		var typ types.Type
		typ, rest = parseTypePrefix(t, strings.TrimSpace(rest))
		parts = append(parts, typ)
		if rest == "" {
			t.Fatalf("type %q: unclosed <", s)
		}
		sep := rest[0]
		rest = rest[1:]
		if sep == '>' {
			break
		}
	}
	switch head {
	case "ARRAY":
		return types.ArrayType(parts[0]), rest
	case "MULTISET":
		return types.MultisetType(parts[0]), rest
	case "MAP":
		return types.MapType(parts[0], parts[1]), rest
	case "ROW":
		var cols []types.Column
		for i, n := range names {
			cols = append(cols, types.Column{Name: n, Type: parts[i]})
		}
		return types.RowType(cols...), rest
	}
	t.Fatalf("unknown type %q", s)
	return types.Type{}, ""
}

func parseScalarType(t testing.TB, s string) types.Type {
	name, args := s, []int(nil)
	if i := strings.IndexByte(s, '('); i > 0 {
		name = s[:i]
		for _, a := range strings.Split(strings.TrimSuffix(s[i+1:], ")"), ",") {
			n, err := strconv.Atoi(strings.TrimSpace(a))
			if err != nil {
				t.Fatalf("type %q: %v", s, err)
			}
			args = append(args, n)
		}
	}
	switch name {
	case "BOOLEAN":
		return types.Boolean
	case "TINYINT":
		return types.TinyInt
	case "SMALLINT":
		return types.SmallInt
	case "INT":
		return types.Int
	case "BIGINT":
		return types.BigInt
	case "FLOAT":
		return types.Float
	case "DOUBLE":
		return types.Double
	case "DECIMAL":
		return types.DecimalType(args[0], args[1])
	case "STRING":
		return types.String
	case "VARCHAR":
		return types.Varchar(args[0])
	case "CHAR":
		return types.Char(args[0])
	case "DATE":
		return types.Date
	case "TIMESTAMP":
		return types.TimestampType(args[0])
	case "TIMESTAMP_LTZ":
		return types.TimestampLTZType(args[0])
	case "BYTES":
		return types.Bytes
	case "TIME":
		return types.TimeType(args[0])
	}
	t.Fatalf("unknown type %q", s)
	return types.Type{}
}

func (g *oracleGroup) schema(t testing.TB) types.Schema {
	var s types.Schema
	for _, c := range g.Columns {
		s = append(s, types.Column{Name: c[0], Type: parseType(t, c[1])})
	}
	return s
}

// firstLine cuts at the first newline: a printed value with a newline
// spans several lines of Flink's stdout, of which the oracle keeps the first.
func firstLine(b []byte) string {
	s := string(b)
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}

func TestFlinkOracle(t *testing.T) {
	o := loadOracle(t)
	if len(o.Groups) == 0 {
		t.Fatal("no oracle groups")
	}
	for _, g := range o.Groups {
		t.Run(g.Name, func(t *testing.T) {
			schema := g.schema(t)
			dec, err := Factory{}.NewDecoder(schema, g.Options)
			if err != nil {
				t.Fatal(err)
			}
			enc, err := Factory{}.NewEncoder(schema, g.Options)
			if err != nil {
				t.Fatal(err)
			}
			var rows []types.Row
			var decodeErr error
			for _, in := range lines(t, g.Input, g.InputB64) {
				dst := make([]types.Value, len(schema))
				ok, err := dec.Decode(in, dst)
				if err != nil {
					decodeErr = err
					break
				}
				if ok {
					rows = append(rows, types.Row{Fields: dst})
				}
			}
			if len(g.Error) > 0 {
				checkOracleError(t, g.Error, decodeErr)
				return
			}
			if decodeErr != nil {
				t.Fatalf("Flink read every line, Sluice failed: %v", decodeErr)
			}
			wantPrint := lines(t, g.Print, g.PrintB64)
			wantJSON := lines(t, g.JSON, g.JSONB64)
			if len(rows) != len(wantPrint) || len(rows) != len(wantJSON) {
				var got []string
				for _, r := range rows {
					got = append(got, string(types.AppendRowString(nil, r)))
				}
				t.Fatalf("got %d rows, Flink %d/%d:\n%s", len(rows), len(wantPrint), len(wantJSON), strings.Join(got, "\n"))
			}
			for i, r := range rows {
				if got, want := firstLine(types.AppendRowString(nil, r)), string(wantPrint[i]); got != want {
					t.Errorf("row %d printed\n got %q\nwant %q", i, got, want)
				}
				out, err := enc.Encode(nil, r.Fields)
				if err != nil {
					t.Fatal(err)
				}
				if got, want := string(out), string(wantJSON[i]); got != want {
					t.Errorf("row %d encoded\n got %q\nwant %q", i, got, want)
				}
			}
		})
	}
}

// checkOracleError compares the causes Flink reported with Sluice's error.
func checkOracleError(t *testing.T, chain []string, err error) {
	t.Helper()
	if err == nil {
		t.Fatalf("Flink failed (%s), Sluice did not", chain[len(chain)-1])
	}
	msg := err.Error()
	for _, c := range chain {
		switch {
		case strings.Contains(c, "Failed to deserialize JSON '"):
			rec := c[strings.Index(c, "Failed to deserialize JSON '"):]
			rec = strings.TrimSuffix(rec, ".")
			if !strings.Contains(msg, rec) {
				t.Errorf("error %q lacks %q", msg, rec)
			}
		case strings.Contains(c, "Fail to deserialize at field: "):
			field := strings.TrimSuffix(c[strings.Index(c, "Fail to deserialize at field: "):], ".")
			if !strings.Contains(msg, field) {
				t.Errorf("error %q lacks %q", msg, field)
			}
		case strings.Contains(c, "Some field is missing in the JSON data."),
			strings.Contains(c, "No content to map due to end-of-input"):
			want := c[strings.LastIndex(c, ": ")+2:]
			if !strings.Contains(msg, want) {
				t.Errorf("error %q lacks %q", msg, want)
			}
		case strings.Contains(c, "Unexpected end-of-input"):
			if !strings.Contains(msg, "end-of-input") {
				t.Errorf("error %q does not mention end-of-input", msg)
			}
		}
	}
}

func TestFlinkOracleValidation(t *testing.T) {
	o := loadOracle(t)
	for _, v := range o.Validation {
		t.Run(strings.Join(mapKeys(v.Options), ","), func(t *testing.T) {
			schema := types.Schema{{Name: "a", Type: types.Int}}
			_, decErr := Factory{}.NewDecoder(schema, v.Options)
			_, encErr := Factory{}.NewEncoder(schema, v.Options)
			// The filesystem connector builds both directions, so a decode
			// failure shows in both of Flink's attempts ("scan format").
			check := func(what string, chain []string, err error) {
				if len(chain) == 0 {
					if err != nil {
						t.Errorf("%s: Flink accepts, Sluice: %v", what, err)
					}
					return
				}
				want := chain[len(chain)-1]
				want = want[strings.Index(want, "Exception: ")+len("Exception: "):]
				want = strings.ReplaceAll(want, "'json.", "'")
				if err == nil {
					t.Errorf("%s: Flink rejects (%s), Sluice accepts", what, want)
				} else if !strings.Contains(err.Error(), want) {
					t.Errorf("%s: error %q lacks Flink's %q", what, err, want)
				}
			}
			check("decode", v.Decode, decErr)
			if len(v.Encode) > 0 && strings.Contains(strings.Join(v.Encode, "\n"), "sink format") {
				check("encode", v.Encode, encErr)
			}
		})
	}
}

func mapKeys(m map[string]string) []string {
	var ks []string
	for k, v := range m {
		ks = append(ks, k+"="+v)
	}
	return ks
}
