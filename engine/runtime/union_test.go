package runtime

import (
	"fmt"
	"strings"
	"testing"
)

// UNION ALL forwards every row of every input, running the job for real:
// two inputs read the same table (one shared scan), a third another
// table whose INT column is cast to the union's BIGINT.
func TestUnionAllForwardsEveryInput(t *testing.T) {
	j := loadSQLJob(t, func(dir string) string {
		return fmt.Sprintf(`CREATE TABLE a (k BIGINT, s STRING) WITH ('connector' = 'filesystem', 'path' = '%[1]s/a', 'format' = 'json', 'source.monitor-interval' = '50 ms');
CREATE TABLE b (k INT, s VARCHAR(3)) WITH ('connector' = 'filesystem', 'path' = '%[1]s/b', 'format' = 'json', 'source.monitor-interval' = '50 ms');
CREATE TABLE dst (k BIGINT, s STRING) WITH ('connector' = 'print');
INSERT INTO dst SELECT k, s FROM a UNION ALL SELECT k, s FROM a WHERE k > 1 UNION ALL SELECT k, s FROM b;
`, dir)
	}, "a", "b")
	if plan := j.job.Graph.Explain(); strings.Count(plan, "Scan(table=[a]") != 1 || !strings.Contains(plan, "Union(all=[true]") {
		t.Fatalf("want one shared scan of a under a Union:\n%s", plan)
	}
	j.start()
	j.write("a/1.json", "{\"k\": 1, \"s\": \"one\"}\n{\"k\": 2, \"s\": \"two\"}\n")
	j.write("b/1.json", "{\"k\": 7, \"s\": \"abc\"}\n")
	want := fmt.Sprint(map[string]int{"+I[1, one]": 1, "+I[2, two]": 2, "+I[7, abc]": 1})
	j.waitUntil("row of every input", func(out string) bool {
		got := map[string]int{}
		for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
			got[line]++
		}
		return fmt.Sprint(got) == want
	})
}
