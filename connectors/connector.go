// Package connectors defines the contract between the engine and the
// connectors that read and write tables ('connector' = '…' in a CREATE TABLE),
// and the registry the planner looks connectors up in.
package connectors

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"go.uber.org/zap"

	"github.com/sluice-sql/sluice/connectors/formats"
	"github.com/sluice-sql/sluice/engine/types"
)

// Table is what a connector is given to build a source or sink: one table of
// the job as declared by CREATE TABLE.
type Table struct {
	// Name is the table's name in the SQL.
	Name string
	// Schema is the physical schema (what the format reads and writes).
	Schema types.Schema
	// Metadata lists metadata columns (`col TYPE METADATA FROM 'key'`), in
	// the positions after the physical columns of the row a source emits.
	Metadata []MetadataColumn
	// Options are the WITH options, keys as written.
	Options map[string]string
	// PrimaryKey names the PRIMARY KEY … NOT ENFORCED columns, if any.
	PrimaryKey []string
	// PartitionKeys names the PARTITIONED BY columns, if any.
	PartitionKeys []string
	// Formats resolves 'format' / 'key.format' / 'value.format' option values.
	Formats *formats.Registry
	// Logger is the job's logger, already tagged with the table.
	Logger *zap.Logger
	// Header is a line a sink that prints rows writes before them: the
	// planner names a query written on its own (SQL-client style) with it.
	// Sinks that do not print ignore it.
	Header string
}

// MetadataColumn is a column filled from record metadata rather than the payload.
type MetadataColumn struct {
	Name string
	Type types.Type
	// Key is the metadata key ('timestamp', 'partition', 'offset', 'topic', …).
	Key string
	// Virtual columns are read-only: sinks ignore them.
	Virtual bool
}

// Factory is the part every connector has: its identifier and the options it accepts.
type Factory interface {
	// Identifier is the value of the 'connector' option.
	Identifier() string
	// Options describes the accepted options for validation and error messages.
	Options(t Table) (OptionSpec, error)
}

// SourceFactory builds sources.
type SourceFactory interface {
	Factory
	NewSource(t Table) (Source, error)
}

// SinkFactory builds sinks.
type SinkFactory interface {
	Factory
	NewSink(t Table) (Sink, error)
}

// SourceValidator is implemented by source factories whose NewSource checks
// more than Options does (options that only a source has, metadata keys,
// formats). The planner calls it for every table a job reads, so that
// explain, render and run reject the same jobs before anything starts;
// NewSource makes the same checks through the same function.
type SourceValidator interface {
	ValidateSource(t Table) error
}

// SinkValidator is SourceValidator for the tables a job writes.
type SinkValidator interface {
	ValidateSink(t Table) error
}

// Batch is a group of rows a source hands to the engine at once.
type Batch struct {
	Rows []types.Row
	// Position is the source's opaque position after these rows (e.g. Kafka
	// offsets per partition). The engine hands the latest processed position
	// back to a Committer once everything derived from it is safely written.
	Position any
}

// Committer is implemented by sources that record progress externally
// (Kafka commits offsets to the consumer group, as Flink does on checkpoints).
type Committer interface {
	Commit(ctx context.Context, position any) error
}

// Restorer is implemented by sources whose position can be checkpointed:
// the engine stores EncodePosition of the latest processed Batch.Position in
// each checkpoint and, when a job restarts from one, calls Restore before
// Run so that reading resumes there (Flink: restored split state overrides
// the startup mode).
type Restorer interface {
	// EncodePosition renders a Batch.Position of this source as bytes that
	// stay readable by later versions.
	EncodePosition(position any) ([]byte, error)
	// Restore decodes what EncodePosition produced and makes Run start from it.
	Restore(position []byte) error
}

// Replayer is implemented by sources that can read their history again. The
// engine uses it to rebuild the state of an operator whose checkpointed
// state cannot be used (a changed input column type, damaged bytes, a join
// that is new in the job): a second, bounded source re-reads the input up
// to the restored position and feeds only that operator, while the restored
// source goes on from the position as usual.
type Replayer interface {
	// Replay returns a bounded source over the same table that reads from
	// the earliest available record (from the first at or after since,
	// when since is not zero) up to, not including, position, which
	// EncodePosition produced. Parts of the input position does not name
	// are not read.
	Replay(position []byte, since time.Time) (Source, error)
}

// SourceFlusher is implemented by sources that write records of their own
// (the Kafka source's dead-letter topic). The runtime calls Flush at every
// checkpoint, after the sinks' flush and before source positions are saved
// or committed, so that no position past a record is stored before what the
// source wrote for that record is durable.
type SourceFlusher interface {
	Flush(ctx context.Context) error
}

// Emit hands a batch to the engine. It blocks while the engine is busy
// (backpressure) and returns an error once the job is stopping.
type Emit func(ctx context.Context, b Batch) error

// Source reads one table.
type Source interface {
	// Bounded reports whether Run returns by itself once the input is exhausted.
	Bounded() bool
	// Run reads until ctx is cancelled, the input ends (bounded sources,
	// returning nil) or an error occurs. Rows carry the physical columns then
	// the metadata columns of the Table.
	Run(ctx context.Context, emit Emit) error
	// Close releases resources; it is called once after Run returns.
	Close() error
}

// Sink writes one table.
type Sink interface {
	// Write accepts rows; the sink may buffer them.
	Write(ctx context.Context, rows []types.Row) error
	// Flush returns once every row written so far is durably delivered.
	Flush(ctx context.Context) error
	// Close flushes and releases resources.
	Close(ctx context.Context) error
}

// TwoPhaseCommitter is implemented by sinks whose writes become visible
// only when committed together with a checkpoint (the Kafka sink with
// 'sink.delivery-guarantee' = 'exactly-once': Kafka transactions). The
// runtime drives the two phases at every checkpoint N:
//
//  1. Flush: everything written so far is durably staged (pre-commit);
//  2. the checkpoint N is saved (state and source positions);
//  3. Commit(ctx, N): the staged writes become visible, atomically with a
//     durable record that N is committed;
//  4. source positions are committed.
//
// A crash between 2 and 3 leaves checkpoint N saved but its writes
// discarded, so on start the runtime asks LastCommitted and resumes from the
// newest checkpoint whose id is not beyond it: the discarded writes are
// redone, the committed ones are not. A Commit error fails the job rather
// than risk duplicates or loss.
type TwoPhaseCommitter interface {
	Sink
	// Commit makes every row written since the previous Commit visible and
	// records checkpointID as committed, in one atomic step. checkpointID 0
	// commits without a record: jobs that are not checkpointed (all sources
	// bounded) commit on every flush and at their end.
	Commit(ctx context.Context, checkpointID uint64) error
	// LastCommitted returns the id recorded by the last successful Commit;
	// ok is false when none was ever recorded. It is called once at start,
	// before any Write; it first discards whatever an earlier run of the
	// same sink left uncommitted (fencing that run if it is still alive).
	LastCommitted(ctx context.Context) (checkpointID uint64, ok bool, err error)
	// TransactionalID names the sink's transactions, for checkpoints and
	// log lines.
	TransactionalID() string
}

// OptionSpec lists the options a connector accepts for one table.
type OptionSpec struct {
	Required []string
	Optional []string
	// Prefixes are option prefixes passed through as they are (e.g. "properties.").
	Prefixes []string
}

// Validate checks options against the spec as Flink's FactoryUtil does:
// missing required options and unsupported options are listed by name.
func (s OptionSpec) Validate(identifier string, options map[string]string) error {
	var missing []string
	for _, k := range s.Required {
		if _, ok := options[k]; !ok {
			missing = append(missing, k)
		}
	}
	if len(missing) > 0 {
		sort.Strings(missing)
		return &OptionError{Message: fmt.Sprintf("One or more required options are missing.\n\nMissing required options are:\n\n%s",
			strings.Join(missing, "\n")), Keys: missing}
	}
	known := map[string]bool{"connector": true}
	for _, k := range s.Required {
		known[k] = true
	}
	for _, k := range s.Optional {
		known[k] = true
	}
	var unsupported []string
	for k := range options {
		if known[k] {
			continue
		}
		prefixed := false
		for _, p := range s.Prefixes {
			if strings.HasPrefix(k, p) {
				prefixed = true
				break
			}
		}
		if !prefixed {
			unsupported = append(unsupported, k)
		}
	}
	if len(unsupported) > 0 {
		sort.Strings(unsupported)
		supported := make([]string, 0, len(known)+len(s.Prefixes))
		for k := range known {
			supported = append(supported, k)
		}
		for _, p := range s.Prefixes {
			supported = append(supported, p+"*")
		}
		sort.Strings(supported)
		return &OptionError{Message: fmt.Sprintf("Unsupported options found for '%s'.\n\nUnsupported options:\n\n%s\n\nSupported options:\n\n%s",
			identifier, strings.Join(unsupported, "\n"), strings.Join(supported, "\n")), Keys: unsupported}
	}
	return nil
}

// OptionError is an invalid-option error; Keys names the options concerned so
// that the caller can point at them in the SQL.
type OptionError struct {
	Message string
	Keys    []string
}

func (e *OptionError) Error() string { return e.Message }

// ColumnError is a problem with one column of a table (an invalid metadata
// key), so that errors can point at the column's declaration.
type ColumnError struct {
	Column  string
	Message string
}

func (e *ColumnError) Error() string { return e.Message }

// Registry maps 'connector' identifiers to factories.
type Registry struct {
	factories map[string]Factory
	formats   *formats.Registry
}

// NewRegistry returns a registry of the given factories using the given formats.
func NewRegistry(fmts *formats.Registry, factories ...Factory) *Registry {
	r := &Registry{factories: map[string]Factory{}, formats: fmts}
	for _, f := range factories {
		r.factories[f.Identifier()] = f
	}
	return r
}

// Formats returns the format registry.
func (r *Registry) Formats() *formats.Registry { return r.formats }

// Lookup returns the factory for an identifier.
func (r *Registry) Lookup(identifier string) (Factory, error) {
	f, ok := r.factories[identifier]
	if !ok {
		return nil, fmt.Errorf("could not find any factory for identifier '%s' that implements the connector contract; available factory identifiers are:\n\n%s",
			identifier, strings.Join(r.Identifiers(), "\n"))
	}
	return f, nil
}

// Identifiers lists the registered connector identifiers, sorted.
func (r *Registry) Identifiers() []string {
	ids := make([]string, 0, len(r.factories))
	for id := range r.factories {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids
}
