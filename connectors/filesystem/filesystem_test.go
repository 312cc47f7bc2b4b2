package filesystem

import (
	"context"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/sluice-sql/sluice/connectors"
	"github.com/sluice-sql/sluice/connectors/formats"
	"github.com/sluice-sql/sluice/connectors/formats/json"
	"github.com/sluice-sql/sluice/engine/types"
)

func table(path string, extra map[string]string) connectors.Table {
	opts := map[string]string{"connector": "filesystem", "path": path, "format": "json"}
	for k, v := range extra {
		opts[k] = v
	}
	return connectors.Table{
		Name:    "t",
		Schema:  types.Schema{{Name: "id", Type: types.BigInt}, {Name: "name", Type: types.String}},
		Options: opts,
		Formats: formats.NewRegistry(json.Factory{}),
	}
}

func readAll(t *testing.T, tbl connectors.Table) ([]string, error) {
	t.Helper()
	src, err := Factory{}.NewSource(tbl)
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	var got []string
	err = src.Run(context.Background(), func(_ context.Context, b connectors.Batch) error {
		for _, r := range b.Rows {
			got = append(got, string(types.AppendRowString(nil, r)))
		}
		return nil
	})
	return got, err
}

func TestSourceReadsDirectorySkippingHiddenFiles(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("b.json", `{"id": 2, "name": "b"}`+"\n\n")
	write("a.json", `{"id": 1, "name": "a"}`+"\n"+`{"id": 3}`+"\n")
	write(".part-x.inprogress", "garbage\n")
	write("_SUCCESS", "")
	got, err := readAll(t, table(dir, nil))
	if err != nil {
		t.Fatal(err)
	}
	want := "+I[1, a]\n+I[3, null]\n+I[2, b]"
	if strings.Join(got, "\n") != want {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), want)
	}
}

func TestSourceErrorNamesFileAndLine(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "in.json")
	if err := os.WriteFile(path, []byte(`{"id": 1}`+"\n"+`{"id": "one"}`+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := readAll(t, table(path, nil))
	if err == nil || !strings.Contains(err.Error(), path+":2:") {
		t.Fatalf("error %v does not name %s:2", err, path)
	}
	// With ignore-parse-errors the bad field becomes NULL and nothing fails.
	got, err := readAll(t, table(path, map[string]string{"json.ignore-parse-errors": "true"}))
	if err != nil || len(got) != 2 {
		t.Fatalf("ignore-parse-errors: %v %v", got, err)
	}
}

func TestSinkCommitsPartFilesOnFlush(t *testing.T) {
	dir := t.TempDir()
	sink, err := Factory{}.NewSink(table(dir, nil))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	row := func(id int64) types.Row {
		return types.Row{Fields: []types.Value{types.BigIntValue(id), types.StringValue("n")}}
	}
	list := func() (visible, hidden []string) {
		entries, _ := os.ReadDir(dir)
		for _, e := range entries {
			if strings.HasPrefix(e.Name(), ".") {
				hidden = append(hidden, e.Name())
			} else {
				visible = append(visible, e.Name())
			}
		}
		sort.Strings(visible)
		return
	}
	if err := sink.Write(ctx, []types.Row{row(1), row(2)}); err != nil {
		t.Fatal(err)
	}
	if v, h := list(); len(v) != 0 || len(h) != 1 {
		t.Fatalf("before flush: visible %v hidden %v; rows must stay in a hidden in-progress file", v, h)
	}
	if err := sink.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	if err := sink.Flush(ctx); err != nil { // nothing new: no empty part file
		t.Fatal(err)
	}
	if err := sink.Write(ctx, []types.Row{row(3)}); err != nil {
		t.Fatal(err)
	}
	if err := sink.Close(ctx); err != nil {
		t.Fatal(err)
	}
	v, h := list()
	if len(v) != 2 || len(h) != 0 || !strings.HasSuffix(v[0], "-0-0") || !strings.HasSuffix(v[1], "-0-1") {
		t.Fatalf("after close: visible %v hidden %v", v, h)
	}
	b, _ := os.ReadFile(filepath.Join(dir, v[0]))
	if string(b) != `{"id":1,"name":"n"}`+"\n"+`{"id":2,"name":"n"}`+"\n" {
		t.Errorf("part file content %q", b)
	}
}

func TestSinkRollsOnSize(t *testing.T) {
	dir := t.TempDir()
	sink, err := Factory{}.NewSink(table(dir, map[string]string{"sink.rolling-policy.file-size": "20b"}))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	for i := int64(0); i < 3; i++ {
		if err := sink.Write(ctx, []types.Row{{Fields: []types.Value{types.BigIntValue(i), types.StringValue("abcdefghij")}}}); err != nil {
			t.Fatal(err)
		}
	}
	files, _ := filepath.Glob(filepath.Join(dir, "part-*"))
	if len(files) != 3 {
		t.Errorf("%d part files after 3 rows of 29 bytes with a 20-byte roll size, want 3", len(files))
	}
	_ = sink.Close(ctx)
}
