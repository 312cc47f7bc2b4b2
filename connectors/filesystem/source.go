package filesystem

import (
	"bufio"
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/sluice-sql/sluice/connectors"
	"github.com/sluice-sql/sluice/connectors/formats"
	"github.com/sluice-sql/sluice/engine/types"
)

// NewSource implements connectors.SourceFactory.
func (Factory) NewSource(t connectors.Table) (connectors.Source, error) {
	c, dec, err := checkSource(t)
	if err != nil {
		return nil, err
	}
	return &source{cfg: c, dec: dec, width: len(t.Schema), table: t.Name, seen: map[string]bool{}}, nil
}

type source struct {
	cfg   *tableConfig
	dec   formats.Decoder
	width int
	table string
	// seen holds the files already read when the directory is monitored.
	seen map[string]bool
}

// batchSize bounds the rows handed to the engine at once.
const batchSize = 1024

func (s *source) Bounded() bool { return s.cfg.monitorInterval == 0 }

func (s *source) Run(ctx context.Context, emit connectors.Emit) error {
	for {
		files, err := s.listFiles()
		if err != nil {
			return err
		}
		for _, f := range files {
			if s.seen[f] {
				continue
			}
			if err := s.readFile(ctx, f, emit); err != nil {
				return err
			}
			s.seen[f] = true
		}
		if s.Bounded() {
			return nil
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(s.cfg.monitorInterval):
		}
	}
}

// listFiles returns the table's files in name order. Files whose name starts
// with '.' or '_' are hidden, as in Flink (in-progress part files, markers).
func (s *source) listFiles() ([]string, error) {
	info, err := os.Stat(s.cfg.path)
	if err != nil {
		return nil, fmt.Errorf("filesystem source %s: %w", s.table, err)
	}
	if !info.IsDir() {
		return []string{s.cfg.path}, nil
	}
	var files []string
	err = filepath.WalkDir(s.cfg.path, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := d.Name()
		if p != s.cfg.path && (strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_")) {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if !d.IsDir() {
			files = append(files, p)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("filesystem source %s: %w", s.table, err)
	}
	sort.Strings(files)
	return files, nil
}

func (s *source) readFile(ctx context.Context, path string, emit connectors.Emit) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("filesystem source %s: %w", s.table, err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64<<10), 64<<20)
	rows := make([]types.Row, 0, batchSize)
	line := 0
	for sc.Scan() {
		line++
		data := sc.Bytes()
		if len(strings.TrimSpace(string(data))) == 0 {
			continue
		}
		fields := make([]types.Value, s.width)
		ok, err := s.dec.Decode(data, fields)
		if err != nil {
			return fmt.Errorf("filesystem source %s: %s:%d: %w", s.table, path, line, err)
		}
		if !ok {
			continue
		}
		rows = append(rows, types.Row{Kind: types.Insert, Fields: fields})
		if len(rows) == batchSize {
			if err := emit(ctx, connectors.Batch{Rows: rows}); err != nil {
				return err
			}
			rows = make([]types.Row, 0, batchSize)
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("filesystem source %s: %s:%d: %w", s.table, path, line+1, err)
	}
	if len(rows) > 0 {
		return emit(ctx, connectors.Batch{Rows: rows})
	}
	return nil
}

func (s *source) Close() error { return nil }

// ValidateSource implements connectors.SourceValidator: NewSource's checks.
func (Factory) ValidateSource(t connectors.Table) error {
	_, _, err := checkSource(t)
	return err
}

// checkSource is NewSource's validation: options, metadata columns and the
// format's decoder.
func checkSource(t connectors.Table) (*tableConfig, formats.Decoder, error) {
	if len(t.Metadata) > 0 {
		return nil, nil, &connectors.ColumnError{Column: t.Metadata[0].Name, Message: "filesystem source: metadata columns are not supported yet"}
	}
	c, err := parseConfig(t)
	if err != nil {
		return nil, nil, err
	}
	dec, err := c.format.Factory.NewDecoder(t.Schema, c.format.Options)
	if err != nil {
		return nil, nil, err
	}
	return c, dec, nil
}
