// Package blackhole is Flink's 'blackhole' sink: it accepts rows and drops
// them. A job uses it where a sink must exist but its output is not wanted,
// e.g. the print sink of a local run switched off by a property in production.
package blackhole

import (
	"context"

	"github.com/sluice-sql/sluice/connectors"
	"github.com/sluice-sql/sluice/engine/types"
)

// Factory builds blackhole sinks.
type Factory struct{}

// Identifier implements connectors.Factory.
func (Factory) Identifier() string { return "blackhole" }

// Options implements connectors.Factory.
func (Factory) Options(connectors.Table) (connectors.OptionSpec, error) {
	return connectors.OptionSpec{Optional: []string{"sink.parallelism"}}, nil
}

// NewSink implements connectors.SinkFactory.
func (Factory) NewSink(connectors.Table) (connectors.Sink, error) { return sink{}, nil }

type sink struct{}

func (sink) Write(context.Context, []types.Row) error { return nil }
func (sink) Flush(context.Context) error              { return nil }
func (sink) Close(context.Context) error              { return nil }
