package e2e

import (
	"strings"
	"testing"
	"time"
)

// validationJob is a Kafka-to-print job; each case of
// TestExplainRenderAndRunRejectTheSame replaces one part of it.
const validationJob = `SET 'execution.checkpointing.interval' = '${job.interval}';
SET 'table.exec.state.ttl' = '1 h';
CREATE TABLE ${job.table} (
    account_id BIGINT,
    m STRING METADATA FROM 'topic'
) WITH (
    'connector' = 'kafka',
    'topic' = '${job.topic}',
    'properties.bootstrap.servers' = '127.0.0.1:1',
    'properties.group.id' = 'g',
    'scan.startup.mode' = 'group-offsets',
    'format' = 'json'
);
CREATE TABLE dst (account_id BIGINT) WITH ('connector' = 'print');
INSERT INTO dst SELECT account_id FROM ${job.table};
`

// validationProps fills the job's placeholders.
const validationProps = `[{"PropertyGroupId": "job", "PropertyMap": {"interval": "10 s", "table": "accounts", "topic": "accounts"}}]`

// TestExplainRenderAndRunRejectTheSame: explain and render go through the
// validation run does before it starts anything (one path: job.Load), so
// each bad input fails all three commands with the same error.
func TestExplainRenderAndRunRejectTheSame(t *testing.T) {
	tests := []struct {
		name       string
		from, to   string // replaced in the SQL ("" = none)
		props      string // "" = validationProps
		wantStderr string
	}{
		{"unknown checkpoint scheme", "SET 'table.exec.state.ttl' = '1 h';", "SET 'table.exec.state.ttl' = '1 h';\nSET 'state.checkpoints.dir' = 'gs://bucket/cp';", "",
			`sluice: checkpoint location "gs://bucket/cp": scheme gs:// is not supported`},
		{"negative state TTL", "'table.exec.state.ttl' = '1 h'", "'table.exec.state.ttl' = '-5 d'", "",
			`sluice: SET 'table.exec.state.ttl': "-5 d" is not a duration`},
		// Flink's KafkaSourceBuilder requires group.id only for the committed-offsets initializers.
		{"group-offsets without group.id", "    'properties.group.id' = 'g',\n", "", "",
			"sluice: job.sql:3:14: table `accounts`: Property group.id is required when using committed offset for offsets initializer"},
		{"invalid metadata key", "METADATA FROM 'topic'", "METADATA FROM 'nonsense'", "",
			"sluice: job.sql:5:5: table `accounts`: Invalid metadata key 'nonsense' in column 'm' of table 'accounts'"},
		{"checkpoint interval 0 ms", "", "", strings.Replace(validationProps, `"10 s"`, `"0 ms"`, 1),
			"sluice: SET 'execution.checkpointing.interval': Checkpoint interval must be larger than or equal to 10 ms"},
		{"absurd checkpoint interval", "", "", strings.Replace(validationProps, `"10 s"`, `"99999999999999 d"`, 1),
			`sluice: SET 'execution.checkpointing.interval': "99999999999999 d" is too long a duration`},
		{"trailing text after the properties", "", "", validationProps + "\ngarbage }\n",
			`sluice: props.json:2:1: unexpected text after the property group array: "garbage }\n"`},
		{"statement in a placeholder outside quotes", "", "", strings.Replace(validationProps, `"table": "accounts"`, `"table": "t (a INT); DROP TABLE y; --"`, 1),
			`sluice: job.sql:3:14: placeholder ${job.table} outside quotes is filled with "t (a INT); DROP TABLE y; --", which is not a plain name or number`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			sqlText := validationJob
			if tt.from != "" {
				if !strings.Contains(sqlText, tt.from) {
					t.Fatalf("the job has no %q", tt.from)
				}
				sqlText = strings.Replace(sqlText, tt.from, tt.to, 1)
			}
			props := tt.props
			if props == "" {
				props = validationProps
			}
			writeFile(t, dir, "job.sql", sqlText)
			writeFile(t, dir, "props.json", props)
			for _, cmd := range []string{"explain", "render", "run"} {
				args := []string{cmd, "--sql", "job.sql", "--properties", "props.json"}
				if cmd == "run" {
					args = append(args, "--http-addr", "off")
				}
				p := start(t, dir, nil, args...)
				if code := p.wait(t, 30*time.Second); code != 1 {
					t.Fatalf("%s: exit status %d, want 1; stderr:\n%s", cmd, code, p.stderr.String())
				}
				if !strings.Contains(p.stderr.String(), tt.wantStderr) {
					t.Errorf("%s: stderr does not contain %q:\n%s", cmd, tt.wantStderr, p.stderr.String())
				}
			}
		})
	}
}

// TestRenderKeepsAQuoteInsideItsLiteral: a property value with a quote,
// filled into a string literal, stays inside it (doubled, as SQL escapes
// it): render prints that and explain plans that one topic.
func TestRenderKeepsAQuoteInsideItsLiteral(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "job.sql", validationJob)
	writeFile(t, dir, "props.json", strings.Replace(validationProps, `"topic": "accounts"`, `"topic": "x'); DROP TABLE y; --"`, 1))
	p := start(t, dir, nil, "render", "--sql", "job.sql", "--properties", "props.json")
	if code := p.wait(t, 30*time.Second); code != 0 {
		t.Fatalf("render: exit %d\n%s", code, p.stderr.String())
	}
	if !strings.Contains(p.stdout.String(), "'topic' = 'x''); DROP TABLE y; --',\n") {
		t.Errorf("render does not keep the value in its literal:\n%s", p.stdout.String())
	}
	p = start(t, dir, nil, "explain", "--sql", "job.sql", "--properties", "props.json")
	if code := p.wait(t, 30*time.Second); code != 0 {
		t.Fatalf("explain: exit %d\n%s", code, p.stderr.String())
	}
	if !strings.Contains(p.stdout.String(), "topic=[x'); DROP TABLE y; --]") {
		t.Errorf("explain does not read one topic:\n%s", p.stdout.String())
	}
}
