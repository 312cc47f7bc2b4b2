// Package job loads a Sluice job: it finds the properties and the SQL file
// as a Managed Flink application does, renders the placeholders, parses the
// statements and plans them.
package job

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"go.uber.org/zap"

	"github.com/sluice-sql/sluice/connectors"
	"github.com/sluice-sql/sluice/engine/config"
	"github.com/sluice-sql/sluice/engine/plan"
	"github.com/sluice-sql/sluice/sql"
)

// DefaultPropertiesPath is where Managed Flink (and Sluice's container) finds
// the application properties.
const DefaultPropertiesPath = "/etc/flink/application_properties.json"

// LocalPropertiesPath is used when RUNTIME_ENV=LOCAL (in any case), as in the seed job.
const LocalPropertiesPath = "application_properties.json"

// DefaultSQLPath is the SQL file used when neither a flag nor the run
// options group names one.
const DefaultSQLPath = "processor.sql"

// Spec says where a job comes from.
type Spec struct {
	// SQLPath and PropertiesPath are the --sql and --properties flags ("" = default).
	SQLPath        string
	PropertiesPath string
	// Environ is the process environment (os.Environ() form).
	Environ []string
	// Overrides set properties after loading: group -> key -> value.
	Overrides map[string]map[string]string
}

// Job is a loaded, planned job.
type Job struct {
	SQLPath        string
	PropertiesPath string
	Properties     *config.Properties
	// Rendered is the SQL with every placeholder resolved.
	Rendered string
	Graph    *plan.Graph
	// CheckpointInterval is 'execution.checkpointing.interval' (0 if unset).
	CheckpointInterval time.Duration
}

// Getenv returns the last value of key in environ (os.Environ() form).
func Getenv(environ []string, key string) string {
	for i := len(environ) - 1; i >= 0; i-- {
		kv := environ[i]
		if len(kv) > len(key) && kv[:len(key)] == key && kv[len(key)] == '=' {
			return kv[len(key)+1:]
		}
	}
	return ""
}

// LoadProperties finds and reads the properties: the flag, else
// ./application_properties.json when RUNTIME_ENV=LOCAL (any case), else
// /etc/flink/application_properties.json. A default file that does not
// exist gives empty properties (a job without placeholders needs none);
// Render then says so first if a placeholder needed it.
func LoadProperties(spec Spec) (*config.Properties, string, error) {
	path := spec.PropertiesPath
	explicit := path != ""
	if !explicit {
		path = defaultPropertiesPath(spec.Environ)
	}
	props, err := config.LoadFile(path, spec.Environ)
	if err != nil {
		if !explicit && errors.Is(err, fs.ErrNotExist) {
			props, err = config.Load(path, []byte("[]"), spec.Environ)
			if err != nil {
				return nil, path, err
			}
			path = ""
		} else {
			if errors.Is(err, fs.ErrNotExist) {
				err = fmt.Errorf("the --properties file %s does not exist", path)
			}
			return nil, path, err
		}
	}
	for group, kv := range spec.Overrides {
		for k, v := range kv {
			props.Set(group, k, v)
		}
	}
	return props, path, nil
}

// defaultPropertiesPath is the properties file used without --properties.
func defaultPropertiesPath(environ []string) string {
	if strings.EqualFold(Getenv(environ, "RUNTIME_ENV"), "LOCAL") {
		return LocalPropertiesPath
	}
	return DefaultPropertiesPath
}

// missingPropertiesNote explains, before the placeholder errors it causes,
// that the default properties file does not exist and how it was chosen.
func missingPropertiesNote(environ []string) string {
	path := defaultPropertiesPath(environ)
	if path == LocalPropertiesPath {
		return fmt.Sprintf("no application properties: ./%s does not exist (RUNTIME_ENV=%s chooses ./%s; pass --properties FILE to read another file)",
			path, Getenv(environ, "RUNTIME_ENV"), path)
	}
	return fmt.Sprintf("no application properties: %s does not exist (that is Managed Flink's path, used unless RUNTIME_ENV=LOCAL; set RUNTIME_ENV=LOCAL to read ./%s, or pass --properties FILE)",
		path, LocalPropertiesPath)
}

// Render loads the properties and the SQL file and resolves placeholders.
func Render(spec Spec) (*sql.Source, *config.Properties, string, error) {
	props, propsPath, err := LoadProperties(spec)
	if err != nil {
		return nil, nil, "", err
	}
	sqlPath := spec.SQLPath
	if sqlPath == "" {
		if v, ok := props.Get(config.RunOptionsGroup, "sql"); ok {
			sqlPath = v
			// A relative name in the properties is relative to the properties file.
			if !filepath.IsAbs(sqlPath) && propsPath != "" {
				if _, err := os.Stat(sqlPath); err != nil {
					sqlPath = filepath.Join(filepath.Dir(propsPath), v)
				}
			}
		} else {
			sqlPath = DefaultSQLPath
		}
	}
	text, err := config.ReadFile(sqlPath, "SQL file", config.MaxSQLBytes)
	if err != nil {
		return nil, nil, "", err
	}
	src, err := sql.Render(sqlPath, string(text), props.Lookup)
	if err != nil {
		if propsPath == "" {
			err = fmt.Errorf("%s\n%w", missingPropertiesNote(spec.Environ), err)
		} else {
			err = fmt.Errorf("%w\n(placeholders are filled from %s)", err, propsPath)
		}
		return nil, nil, "", err
	}
	return src, props, propsPath, nil
}

// Load renders, parses and plans the job.
func Load(spec Spec, registry *connectors.Registry, logger *zap.Logger) (*Job, error) {
	return load(context.Background(), spec, registry, logger)
}

// load is Load whose parsing stops when ctx is done.
func load(ctx context.Context, spec Spec, registry *connectors.Registry, logger *zap.Logger) (*Job, error) {
	src, props, propsPath, err := Render(spec)
	if err != nil {
		return nil, err
	}
	parsed, err := sql.ParseContext(ctx, src)
	if err != nil {
		return nil, err
	}
	script, err := plan.FromSQL(parsed)
	if err != nil {
		return nil, err
	}
	g, err := (&plan.Planner{Registry: registry, Logger: logger}).Plan(script)
	if err != nil {
		return nil, err
	}
	// The settings are checked here, as the connectors' options are while
	// planning, so that explain, render and run reject the same jobs.
	if err := config.CheckSettings(script.Settings); err != nil {
		return nil, err
	}
	interval, err := config.CheckpointInterval(script.Settings)
	if err != nil {
		return nil, err
	}
	return &Job{SQLPath: src.File, PropertiesPath: propsPath, Properties: props, Rendered: src.Text, Graph: g, CheckpointInterval: interval}, nil
}
