package filesystem

import (
	"bufio"
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/sluice-sql/sluice/connectors"
	"github.com/sluice-sql/sluice/connectors/formats"
	"github.com/sluice-sql/sluice/engine/types"
)

// NewSink implements connectors.SinkFactory.
func (Factory) NewSink(t connectors.Table) (connectors.Sink, error) {
	c, enc, err := checkSink(t)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(c.path, 0o755); err != nil {
		return nil, fmt.Errorf("filesystem sink %s: %w", t.Name, err)
	}
	id := make([]byte, 16)
	_, _ = rand.Read(id)
	return &sink{cfg: c, enc: enc, table: t.Name, width: len(t.Schema), uuid: uuidString(id)}, nil
}

func uuidString(b []byte) string {
	h := hex.EncodeToString(b)
	return h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:32]
}

// sink writes part files as Flink's FileSink does: rows go to a hidden
// in-progress file, which becomes visible as part-<uuid>-0-<n> when it is
// committed: at every flush (checkpoint), at end of input, or when it
// reaches the rolling size or age.
type sink struct {
	cfg   *tableConfig
	enc   formats.Encoder
	table string
	width int
	uuid  string
	count int

	file    *os.File
	w       *bufio.Writer
	written int64
	opened  time.Time
	buf     []byte
}

func (s *sink) partName(n int) string { return fmt.Sprintf("part-%s-0-%d", s.uuid, n) }

func (s *sink) inProgressPath() string {
	return filepath.Join(s.cfg.path, "."+s.partName(s.count)+".inprogress")
}

func (s *sink) Write(_ context.Context, rows []types.Row) error {
	for _, r := range rows {
		if r.Kind == types.UpdateBefore || r.Kind == types.Delete {
			return fmt.Errorf("filesystem sink %s: the filesystem connector only accepts insert-only rows, got %s", s.table, r.Kind)
		}
		if s.file == nil {
			if err := s.open(); err != nil {
				return err
			}
		}
		var err error
		s.buf, err = s.enc.Encode(s.buf[:0], r.Fields[:s.width])
		if err != nil {
			return fmt.Errorf("filesystem sink %s: %w", s.table, err)
		}
		s.buf = append(s.buf, '\n')
		if _, err := s.w.Write(s.buf); err != nil {
			return fmt.Errorf("filesystem sink %s: %w", s.table, err)
		}
		s.written += int64(len(s.buf))
		if s.written >= s.cfg.rollSize || time.Since(s.opened) >= s.cfg.rollInterval {
			if err := s.commit(); err != nil {
				return err
			}
		}
	}
	return nil
}

func (s *sink) open() error {
	f, err := os.OpenFile(s.inProgressPath(), os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o644)
	if err != nil {
		return fmt.Errorf("filesystem sink %s: %w", s.table, err)
	}
	s.file, s.w, s.written, s.opened = f, bufio.NewWriterSize(f, 256<<10), 0, time.Now()
	return nil
}

// commit makes the in-progress file a visible part file.
func (s *sink) commit() error {
	if s.file == nil {
		return nil
	}
	if err := s.w.Flush(); err != nil {
		return fmt.Errorf("filesystem sink %s: %w", s.table, err)
	}
	if err := s.file.Sync(); err != nil {
		return fmt.Errorf("filesystem sink %s: %w", s.table, err)
	}
	if err := s.file.Close(); err != nil {
		return fmt.Errorf("filesystem sink %s: %w", s.table, err)
	}
	final := filepath.Join(s.cfg.path, s.partName(s.count))
	if err := os.Rename(s.inProgressPath(), final); err != nil {
		return fmt.Errorf("filesystem sink %s: %w", s.table, err)
	}
	s.file, s.w = nil, nil
	s.count++
	return nil
}

func (s *sink) Flush(context.Context) error { return s.commit() }

func (s *sink) Close(ctx context.Context) error { return s.commit() }

// ValidateSink implements connectors.SinkValidator: NewSink's checks short
// of creating the directory.
func (Factory) ValidateSink(t connectors.Table) error {
	_, _, err := checkSink(t)
	return err
}

// checkSink is NewSink's validation: options and the format's encoder.
func checkSink(t connectors.Table) (*tableConfig, formats.Encoder, error) {
	c, err := parseConfig(t)
	if err != nil {
		return nil, nil, err
	}
	enc, err := c.format.Factory.NewEncoder(t.Schema, c.format.Options)
	if err != nil {
		return nil, nil, err
	}
	return c, enc, nil
}
