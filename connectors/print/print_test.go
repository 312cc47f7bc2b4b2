package print

import (
	"bytes"
	"context"
	stdjson "encoding/json"
	"errors"
	"os"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/sluice-sql/sluice/connectors"
	"github.com/sluice-sql/sluice/connectors/formats/json"
	"github.com/sluice-sql/sluice/engine/types"
)

func TestPrefix(t *testing.T) {
	cases := []struct {
		id           string
		subtask, par int
		want         string
	}{
		{"", 0, 1, ""},
		{"id", 0, 1, "id> "},
		{"", 1, 2, "2> "},
		{"id", 1, 2, "id:2> "},
		{"id", 0, 4, "id:1> "},
	}
	for _, c := range cases {
		if got := Prefix(c.id, c.subtask, c.par); got != c.want {
			t.Errorf("Prefix(%q, %d, %d) = %q, want %q", c.id, c.subtask, c.par, got, c.want)
		}
	}
}

func newSink(t *testing.T, opts map[string]string) (connectors.Sink, *bytes.Buffer, *bytes.Buffer) {
	t.Helper()
	var out, errOut bytes.Buffer
	f := New(&out, &errOut)
	tbl := connectors.Table{Name: "p", Schema: types.Schema{{Name: "a", Type: types.BigInt}, {Name: "b", Type: types.String}}, Options: opts}
	spec, err := f.Options(tbl)
	if err != nil {
		t.Fatal(err)
	}
	if err := spec.Validate("print", opts); err != nil {
		t.Fatal(err)
	}
	s, err := f.NewSink(tbl)
	if err != nil {
		t.Fatal(err)
	}
	return s, &out, &errOut
}

func TestSinkWrites(t *testing.T) {
	rows := []types.Row{
		{Fields: []types.Value{types.BigIntValue(1), types.StringValue("x")}},
		{Kind: types.UpdateBefore, Fields: []types.Value{types.BigIntValue(2), types.Null}},
		// A field beyond the physical schema (e.g. a virtual column) is not printed.
		{Kind: types.Delete, Fields: []types.Value{types.BigIntValue(3), types.StringValue("y"), types.BigIntValue(9)}},
	}
	cases := []struct {
		opts   map[string]string
		stderr bool
		prefix string
	}{
		{nil, false, ""},
		{map[string]string{"print-identifier": "id"}, false, "id> "},
		{map[string]string{"print-identifier": "id", "sink.parallelism": "2"}, false, "id:1> "},
		{map[string]string{"sink.parallelism": "3"}, false, "1> "},
		{map[string]string{"standard-error": "TRUE"}, true, ""},
	}
	for _, c := range cases {
		s, out, errOut := newSink(t, c.opts)
		ctx := context.Background()
		if err := s.Write(ctx, rows); err != nil {
			t.Fatal(err)
		}
		if err := s.Close(ctx); err != nil {
			t.Fatal(err)
		}
		got, other := out, errOut
		if c.stderr {
			got, other = errOut, out
		}
		want := c.prefix + "+I[1, x]\n" + c.prefix + "-U[2, null]\n" + c.prefix + "-D[3, y]\n"
		if got.String() != want || other.Len() != 0 {
			t.Errorf("%v: wrote %q (other stream %q), want %q", c.opts, got, other, want)
		}
	}
}

type countingWriter struct{ writes int }

func (w *countingWriter) Write(p []byte) (int, error) { w.writes++; return len(p), nil }

func TestSinkOneWritePerBatch(t *testing.T) {
	w := &countingWriter{}
	s, err := New(w, w).NewSink(connectors.Table{Schema: types.Schema{{Name: "a", Type: types.Int}}})
	if err != nil {
		t.Fatal(err)
	}
	rows := make([]types.Row, 100)
	for i := range rows {
		rows[i] = types.Row{Fields: []types.Value{types.IntValue(types.KindInt, int64(i))}}
	}
	if err := s.Write(context.Background(), rows); err != nil {
		t.Fatal(err)
	}
	if err := s.Write(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	if w.writes != 1 {
		t.Errorf("%d writes for one batch, want 1", w.writes)
	}
}

func TestSinkOptionErrors(t *testing.T) {
	cases := []struct {
		opts map[string]string
		want string
	}{
		{map[string]string{"standard-error": "yes"}, "Could not parse value 'yes' for key 'standard-error'"},
		{map[string]string{"sink.parallelism": "x"}, "Could not parse value 'x' for key 'sink.parallelism'"},
		{map[string]string{"sink.parallelism": "0"}, "Invalid configured parallelism 0 for table 'p'."},
	}
	for _, c := range cases {
		_, err := New(nil, nil).NewSink(connectors.Table{Name: "p", Options: c.opts})
		var oe *connectors.OptionError
		if !errors.As(err, &oe) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%v: error %v, want an OptionError with %q", c.opts, err, c.want)
		}
	}
	if err := (connectors.OptionSpec{Optional: []string{"print-identifier", "standard-error", "sink.parallelism"}}).Validate("print", map[string]string{"path": "x"}); err == nil {
		t.Error("unknown option accepted")
	}
}

type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errors.New("closed") }

func TestSinkWriteError(t *testing.T) {
	s, _ := New(failingWriter{}, nil).NewSink(connectors.Table{})
	err := s.Write(context.Background(), []types.Row{{}})
	if err == nil || !strings.Contains(err.Error(), "closed") {
		t.Errorf("got %v", err)
	}
}

// TestFlinkOracle prints the rows Flink printed in scripts/flink-oracle's
// print runs (the json format's "basic" input read into every type).
func TestFlinkOracle(t *testing.T) {
	raw, err := os.ReadFile("../formats/json/testdata/flink_oracle.json")
	if err != nil {
		t.Fatal(err)
	}
	var o struct {
		Groups []struct {
			Name    string
			Columns [][2]string
			Input   []string
		}
		Print []struct {
			Options map[string]string
			Stdout  []string
		}
	}
	if err := stdjson.Unmarshal(raw, &o); err != nil {
		t.Fatal(err)
	}
	var input []string
	for _, g := range o.Groups {
		if g.Name == "basic" {
			input = g.Input
		}
	}
	schema := allTypes()
	dec, err := json.Factory{}.NewDecoder(schema, nil)
	if err != nil {
		t.Fatal(err)
	}
	var rows []types.Row
	for _, in := range input {
		dst := make([]types.Value, len(schema))
		if ok, err := dec.Decode([]byte(in), dst); err != nil || !ok {
			t.Fatalf("decode %s: %v", in, err)
		}
		rows = append(rows, types.Row{Fields: dst})
	}
	subtask := regexp.MustCompile(`^((?:[^:>]*:)?)\d+> `)
	for _, p := range o.Print {
		if len(p.Stdout) == 0 {
			continue
		}
		var out bytes.Buffer
		s, err := New(&out, nil).NewSink(connectors.Table{Name: "p", Schema: schema, Options: p.Options})
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Write(context.Background(), rows); err != nil {
			t.Fatal(err)
		}
		got := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
		want := p.Stdout
		if p.Options["sink.parallelism"] != "" && p.Options["sink.parallelism"] != "1" {
			// Flink spread the rows over subtasks 1 and 2; Sluice's single
			// writer is subtask 1. Compare the rows, and the prefix shape.
			want = nil
			for _, l := range p.Stdout {
				want = append(want, subtask.ReplaceAllString(l, "${1}1> "))
			}
			sort.Strings(got)
			sort.Strings(want)
		}
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("%v:\n got %q\nwant %q", p.Options, got, want)
		}
	}
}

// allTypes is the oracle's table of every type.
func allTypes() types.Schema {
	return types.Schema{
		{Name: "id", Type: types.Int},
		{Name: "b", Type: types.Boolean},
		{Name: "ti", Type: types.TinyInt},
		{Name: "si", Type: types.SmallInt},
		{Name: "i", Type: types.Int},
		{Name: "bi", Type: types.BigInt},
		{Name: "f", Type: types.Float},
		{Name: "d", Type: types.Double},
		{Name: "dec", Type: types.DecimalType(10, 2)},
		{Name: "s", Type: types.String},
		{Name: "dt", Type: types.Date},
		{Name: "ts", Type: types.TimestampType(3)},
		{Name: "ltz", Type: types.TimestampLTZType(3)},
		{Name: "by", Type: types.Bytes},
	}
}

// A table's Header (a query written on its own names itself with it) is
// printed once, when the sink opens, before any row — also with no rows.
func TestSinkHeader(t *testing.T) {
	var out bytes.Buffer
	tbl := connectors.Table{Schema: types.Schema{{Name: "a", Type: types.Int}}, Header: "-- select at job.sql:3:1: SELECT a FROM t"}
	s, err := New(&out, nil).NewSink(tbl)
	if err != nil {
		t.Fatal(err)
	}
	if got := out.String(); got != tbl.Header+"\n" {
		t.Fatalf("after open: %q, want the header alone", got)
	}
	if err := s.Write(context.Background(), []types.Row{{Fields: []types.Value{types.IntValue(types.KindInt, 7)}}}); err != nil {
		t.Fatal(err)
	}
	if got, want := out.String(), tbl.Header+"\n+I[7]\n"; got != want {
		t.Errorf("wrote %q, want %q", got, want)
	}
}
