// Package values is the bounded source of a VALUES clause: the planner
// computes the rows, and the source emits them once, then ends, so that a
// job reading only bounded sources finishes by itself (as Flink's Values
// operator does).
package values

import (
	"context"

	"github.com/sluice-sql/sluice/connectors"
	"github.com/sluice-sql/sluice/engine/types"
)

// Factory serves the rows of one VALUES clause; it is built by the
// planner, never looked up by a 'connector' option.
type Factory struct {
	Rows []types.Row
}

var _ connectors.SourceFactory = (*Factory)(nil)

// Identifier implements connectors.Factory.
func (*Factory) Identifier() string { return "values" }

// Options implements connectors.Factory: a VALUES clause has no options.
func (*Factory) Options(connectors.Table) (connectors.OptionSpec, error) {
	return connectors.OptionSpec{}, nil
}

// NewSource implements connectors.SourceFactory.
func (f *Factory) NewSource(connectors.Table) (connectors.Source, error) {
	return &source{rows: f.Rows}, nil
}

type source struct{ rows []types.Row }

func (*source) Bounded() bool { return true }

// Run emits every row in one batch, in the order written. The rows are
// copied, so that operators downstream may keep them.
func (s *source) Run(ctx context.Context, emit connectors.Emit) error {
	if len(s.rows) == 0 {
		return nil
	}
	rows := make([]types.Row, len(s.rows))
	for i, r := range s.rows {
		rows[i] = types.Row{Kind: r.Kind, Fields: append([]types.Value(nil), r.Fields...)}
	}
	return emit(ctx, connectors.Batch{Rows: rows})
}

func (*source) Close() error { return nil }
