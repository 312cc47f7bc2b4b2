package runtime

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/sluice-sql/sluice/engine/plan"
)

// State ids. A stateful operator is named by a digest of its plan
// description and its inputs' (tables, keys, residual, projections), so an
// edited processor.sql keeps the state of every operator it did not change
// (Flink's operator uid, derived here rather than declared).
func joinStateID(j *plan.Join) string {
	sum := sha256.Sum256([]byte(describeTree(j)))
	return "join/" + hex.EncodeToString(sum[:8])
}

// sourceStateID names a source's position by table and topic: the position
// means nothing for another topic. A scan with an OPTIONS hint is another
// source than the table's plain scan (both can be in one job), so the
// hint's options are part of its id.
func sourceStateID(s *plan.Scan) string {
	topic := s.Table.Options["topic"]
	if topic == "" {
		topic = s.Table.Options["topic-pattern"]
	}
	if topic == "" {
		topic = s.Table.Options["path"]
	}
	id := "source/" + s.Table.Name + "/" + topic
	if len(s.Table.Hint) > 0 {
		h := sha256.New()
		for _, k := range slices.Sorted(maps.Keys(s.Table.Hint)) {
			fmt.Fprintf(h, "%q=%q;", k, s.Table.Hint[k])
		}
		id += "/hint-" + hex.EncodeToString(h.Sum(nil)[:6])
	}
	return id
}

func describeTree(n plan.Node) string {
	var b strings.Builder
	var walk func(n plan.Node)
	walk = func(n plan.Node) {
		b.WriteString(n.Describe())
		b.WriteString("(")
		for i, in := range n.Inputs() {
			if i > 0 {
				b.WriteString(",")
			}
			walk(in)
		}
		b.WriteString(")")
	}
	walk(n)
	return b.String()
}
