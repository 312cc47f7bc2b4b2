// Package filesystem is the 'filesystem' connector: tables stored as files of
// newline-delimited records (e.g. JSON lines) in a file or a directory.
package filesystem

import (
	"fmt"
	"strings"
	"time"

	"github.com/sluice-sql/sluice/connectors"
	"github.com/sluice-sql/sluice/connectors/formats"
	"github.com/sluice-sql/sluice/engine/config"
)

// Factory builds filesystem sources and sinks.
type Factory struct{}

// Identifier implements connectors.Factory.
func (Factory) Identifier() string { return "filesystem" }

// Options implements connectors.Factory. Flink's filesystem options are
// accepted; the ones for partitioned tables and compaction have no effect
// yet and are listed so that a Flink job validates unchanged.
func (Factory) Options(t connectors.Table) (connectors.OptionSpec, error) {
	spec := connectors.OptionSpec{
		Required: []string{"path", "format"},
		Optional: []string{
			"source.monitor-interval", "source.path.regex-pattern",
			"sink.rolling-policy.file-size", "sink.rolling-policy.rollover-interval",
			"sink.rolling-policy.check-interval", "sink.rolling-policy.inactivity-interval",
			"sink.parallelism", "sink.shuffle-by-partition.enable",
			"auto-compaction", "compaction.file-size",
			"partition.default-name", "sink.partition-commit.trigger", "sink.partition-commit.delay",
			"sink.partition-commit.policy.kind", "sink.partition-commit.success-file.name",
		},
	}
	f, err := t.Formats.Resolve(t.Options, "format")
	if err != nil {
		return spec, &connectors.OptionError{Message: err.Error(), Keys: []string{"format"}}
	}
	if f != nil {
		spec.Optional = append(spec.Optional, f.Keys...)
	}
	return spec, nil
}

// config is a table's parsed options.
type tableConfig struct {
	path            string
	format          *formats.Resolved
	monitorInterval time.Duration
	rollSize        int64
	rollInterval    time.Duration
}

func parseConfig(t connectors.Table) (*tableConfig, error) {
	f, err := t.Formats.Resolve(t.Options, "format")
	if err != nil {
		return nil, &connectors.OptionError{Message: err.Error(), Keys: []string{"format"}}
	}
	c := &tableConfig{
		path:         strings.TrimPrefix(t.Options["path"], "file://"),
		format:       f,
		rollSize:     128 << 20,
		rollInterval: 30 * time.Minute,
	}
	if v, ok := t.Options["source.monitor-interval"]; ok {
		if c.monitorInterval, err = config.ParseDuration(v); err != nil {
			return nil, optionErr("source.monitor-interval", v, err)
		}
	}
	if v, ok := t.Options["sink.rolling-policy.file-size"]; ok {
		if c.rollSize, err = config.ParseMemorySize(v); err != nil {
			return nil, optionErr("sink.rolling-policy.file-size", v, err)
		}
	}
	if v, ok := t.Options["sink.rolling-policy.rollover-interval"]; ok {
		if c.rollInterval, err = config.ParseDuration(v); err != nil {
			return nil, optionErr("sink.rolling-policy.rollover-interval", v, err)
		}
	}
	return c, nil
}

func optionErr(key, value string, err error) error {
	return &connectors.OptionError{Message: fmt.Sprintf("Could not parse value '%s' for key '%s': %v", value, key, err), Keys: []string{key}}
}
