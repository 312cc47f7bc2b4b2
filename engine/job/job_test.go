package job

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestMissingPropertiesIsSaidFirst(t *testing.T) {
	if _, err := os.Stat(DefaultPropertiesPath); err == nil {
		t.Skipf("this machine has %s; the test needs it absent", DefaultPropertiesPath)
	}
	dir := t.TempDir()
	t.Chdir(dir)
	sqlText := "CREATE TABLE ${a.table} (x INT) WITH ('connector' = '${a.connector}');\n"
	if err := os.WriteFile("job.sql", []byte(sqlText), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name     string
		environ  []string
		props    string
		wantHead string
	}{
		{"Managed Flink path", nil, "",
			"no application properties: /etc/flink/application_properties.json does not exist (that is Managed Flink's path, used unless RUNTIME_ENV=LOCAL"},
		{"local, any case", []string{"RUNTIME_ENV=local"}, "",
			"no application properties: ./application_properties.json does not exist (RUNTIME_ENV=local chooses ./application_properties.json"},
		{"explicit file", nil, "missing.json", "the --properties file missing.json does not exist"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, _, err := Render(Spec{SQLPath: "job.sql", PropertiesPath: tt.props, Environ: tt.environ})
			if err == nil || !strings.HasPrefix(err.Error(), tt.wantHead) {
				t.Fatalf("error %v\nwant it to start with %q", err, tt.wantHead)
			}
		})
	}
}

func TestLocalRuntimeEnvInAnyCase(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	props := `[{"PropertyGroupId": "a", "PropertyMap": {"k": "v"}}]`
	if err := os.WriteFile(filepath.Join(dir, LocalPropertiesPath), []byte(props), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, v := range []string{"LOCAL", "local", "Local"} {
		p, path, err := LoadProperties(Spec{Environ: []string{"RUNTIME_ENV=" + v}})
		if err != nil || path != LocalPropertiesPath {
			t.Fatalf("RUNTIME_ENV=%s: path %q, %v", v, path, err)
		}
		if got, _ := p.Get("a", "k"); got != "v" {
			t.Errorf("RUNTIME_ENV=%s: a.k = %q", v, got)
		}
	}
}
