// Package print is Flink's 'print' sink: every row is written to standard
// output (or standard error) as Flink's PrintSinkOutputWriter does —
// an optional prefix, then Row.toString of the row: "id:1> +I[1, abc]".
package print

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync"

	"github.com/sluice-sql/sluice/connectors"
	"github.com/sluice-sql/sluice/engine/types"
)

// Option keys (PrintConnectorOptions and FactoryUtil.SINK_PARALLELISM).
const (
	OptPrintIdentifier = "print-identifier"
	OptStandardError   = "standard-error"
	OptSinkParallelism = "sink.parallelism"
)

// Factory builds print sinks writing to the given streams.
type Factory struct {
	stdout, stderr io.Writer
	// mu serializes writes of all sinks of this factory, so that lines of
	// tables printed to the same stream never interleave.
	mu sync.Mutex
}

var _ connectors.SinkFactory = (*Factory)(nil)

// New returns the print connector writing to stdout, or to stderr for
// tables with 'standard-error' = 'true'.
func New(stdout, stderr io.Writer) *Factory {
	return &Factory{stdout: stdout, stderr: stderr}
}

// Identifier implements connectors.Factory.
func (*Factory) Identifier() string { return "print" }

// Options implements connectors.Factory.
func (*Factory) Options(connectors.Table) (connectors.OptionSpec, error) {
	return connectors.OptionSpec{Optional: []string{OptPrintIdentifier, OptStandardError, OptSinkParallelism}}, nil
}

// NewSink implements connectors.SinkFactory.
func (f *Factory) NewSink(t connectors.Table) (connectors.Sink, error) {
	stdErr, parallelism, err := parseOptions(t)
	if err != nil {
		return nil, err
	}
	w := f.stdout
	if stdErr {
		w = f.stderr
	}
	if t.Header != "" {
		f.mu.Lock()
		_, err := io.WriteString(w, t.Header+"\n")
		f.mu.Unlock()
		if err != nil {
			return nil, fmt.Errorf("print sink: %w", err)
		}
	}
	return &sink{
		factory: f,
		w:       w,
		prefix:  []byte(Prefix(t.Options[OptPrintIdentifier], 0, parallelism)),
		width:   len(t.Schema),
	}, nil
}

// ValidateSink implements connectors.SinkValidator: NewSink's option checks.
func (f *Factory) ValidateSink(t connectors.Table) error {
	_, _, err := parseOptions(t)
	return err
}

// parseOptions reads 'standard-error' and 'sink.parallelism' as Flink's
// PrintTableSinkFactory does.
func parseOptions(t connectors.Table) (stdErr bool, parallelism int, err error) {
	if v, ok := t.Options[OptStandardError]; ok {
		switch strings.ToLower(v) {
		case "true":
			stdErr = true
		case "false":
		default:
			return false, 0, &connectors.OptionError{
				Message: fmt.Sprintf("Invalid value for option '%s'. Could not parse value '%s' for key '%s'. Expected either true or false(case insensitive)", OptStandardError, v, OptStandardError),
				Keys:    []string{OptStandardError},
			}
		}
	}
	parallelism = 1
	if v, ok := t.Options[OptSinkParallelism]; ok {
		n, err := strconv.Atoi(strings.TrimSpace(v))
		if err != nil {
			return false, 0, &connectors.OptionError{
				Message: fmt.Sprintf("Invalid value for option '%s'. Could not parse value '%s' for key '%s'.", OptSinkParallelism, v, OptSinkParallelism),
				Keys:    []string{OptSinkParallelism},
			}
		}
		if n <= 0 {
			return false, 0, &connectors.OptionError{
				Message: fmt.Sprintf("Invalid configured parallelism %d for table '%s'.", n, t.Name),
				Keys:    []string{OptSinkParallelism},
			}
		}
		parallelism = n
	}
	return stdErr, parallelism, nil
}

// Prefix is PrintSinkOutputWriter's line prefix for a subtask (0-based):
// the identifier, then ":" and the subtask number when the sink runs with
// more than one subtask, then "> " — "id:2> ", "2> ", "id> " or nothing.
// Sluice runs one writer, which is subtask 0, so with 'sink.parallelism'
// above 1 its lines read "1> " (Flink would spread rows over 1> … N>).
func Prefix(identifier string, subtask, parallelism int) string {
	p := identifier
	if parallelism > 1 {
		if p != "" {
			p += ":"
		}
		p += strconv.Itoa(subtask + 1)
	}
	if p != "" {
		p += "> "
	}
	return p
}

type sink struct {
	factory *Factory
	w       io.Writer
	prefix  []byte
	width   int // physical columns; extra fields of a row are not printed
	buf     []byte
}

// Write prints rows with a single write to the stream.
func (s *sink) Write(_ context.Context, rows []types.Row) error {
	s.buf = s.buf[:0]
	for _, r := range rows {
		if s.width > 0 && len(r.Fields) > s.width {
			r.Fields = r.Fields[:s.width]
		}
		s.buf = append(s.buf, s.prefix...)
		s.buf = types.AppendRowString(s.buf, r)
		s.buf = append(s.buf, '\n')
	}
	if len(s.buf) == 0 {
		return nil
	}
	s.factory.mu.Lock()
	_, err := s.w.Write(s.buf)
	s.factory.mu.Unlock()
	if err != nil {
		return fmt.Errorf("print sink: %w", err)
	}
	return nil
}

// Flush flushes the stream when it buffers (Write leaves nothing behind).
func (s *sink) Flush(context.Context) error {
	if fl, ok := s.w.(interface{ Flush() error }); ok {
		s.factory.mu.Lock()
		defer s.factory.mu.Unlock()
		if err := fl.Flush(); err != nil {
			return fmt.Errorf("print sink: %w", err)
		}
	}
	return nil
}

// Close implements connectors.Sink.
func (s *sink) Close(ctx context.Context) error { return s.Flush(ctx) }
