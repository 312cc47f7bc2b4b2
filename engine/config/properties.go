// Package config loads a job's runtime properties: the Amazon Managed Service
// for Apache Flink property groups (application_properties.json), with single
// properties overridable from the environment.
package config

import (
	"fmt"
	"sort"
	"strings"

	"github.com/knadh/koanf/providers/env/v2"
	"github.com/knadh/koanf/providers/rawbytes"
	"github.com/knadh/koanf/v2"
)

// RunOptionsGroup is the launcher's own property group in Managed Flink. Sluice
// reads the SQL file name from its "sql" property.
const RunOptionsGroup = "kinesis.analytics.flink.run.options"

// EnvPrefix starts the environment variables that override one property:
// SLUICE_PROPERTY__<GROUP>__<KEY>, with GROUP and KEY upper-cased and every
// character other than a letter or digit written as '_', e.g.
// SLUICE_PROPERTY__CONSUMER_CONFIG_0__BOOTSTRAP_SERVERS=broker:9092.
const EnvPrefix = "SLUICE_PROPERTY__"

// keyDelim separates group and property in koanf paths. Group ids and
// property keys are full of dots, so the usual "." cannot be used.
const keyDelim = "\x1f"

// Properties are the property groups of a job.
type Properties struct {
	file   string
	k      *koanf.Koanf
	groups []string // in file order
}

// LoadFile reads path and applies overrides from environ (os.Environ() form).
func LoadFile(path string, environ []string) (*Properties, error) {
	data, err := ReadFile(path, "application properties", MaxPropertiesBytes)
	if err != nil {
		return nil, err
	}
	return Load(path, data, environ)
}

// Load parses the property groups in data (named file in errors) and applies
// overrides from environ.
func Load(file string, data []byte, environ []string) (*Properties, error) {
	groups, err := parseGroups(file, data)
	if err != nil {
		return nil, err
	}
	p := &Properties{file: file, k: koanf.New(keyDelim)}
	if err := p.k.Load(rawbytes.Provider(data), groupsParser{groups: groups}); err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	for _, g := range groups {
		p.groups = append(p.groups, g.ID)
	}
	if err := p.applyEnv(environ); err != nil {
		return nil, err
	}
	return p, nil
}

// applyEnv overrides existing properties from SLUICE_PROPERTY__ variables. A
// variable that names no property is an error: a mistyped override would
// otherwise be silently ignored.
func (p *Properties) applyEnv(environ []string) error {
	byEnvName := map[string]string{}
	for _, g := range p.groups {
		for _, key := range p.keys(g) {
			byEnvName[envName(g, key)] = g + keyDelim + key
		}
	}
	var unknown []string
	provider := env.Provider(keyDelim, env.Opt{
		Prefix:      EnvPrefix,
		EnvironFunc: func() []string { return environ },
		TransformFunc: func(name, value string) (string, any) {
			path, ok := byEnvName[name]
			if !ok {
				unknown = append(unknown, name)
				return "", nil
			}
			return path, value
		},
	})
	if err := p.k.Load(provider, nil); err != nil {
		return fmt.Errorf("environment overrides: %w", err)
	}
	if len(unknown) > 0 {
		sort.Strings(unknown)
		return fmt.Errorf("environment variable %s names no property of %s (overrides must name an existing group and key, e.g. %s)",
			strings.Join(unknown, ", "), p.file, exampleEnvName(p))
	}
	return nil
}

func exampleEnvName(p *Properties) string {
	for _, g := range p.groups {
		if keys := p.keys(g); len(keys) > 0 {
			return envName(g, keys[0])
		}
	}
	return EnvPrefix + "GROUP__KEY"
}

// envName is the override variable of one property.
func envName(group, key string) string {
	return EnvPrefix + normalize(group) + "__" + normalize(key)
}

func normalize(s string) string {
	b := []byte(strings.ToUpper(s))
	for i, c := range b {
		if !(c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
			b[i] = '_'
		}
	}
	return string(b)
}

// File is the file the properties came from.
func (p *Properties) File() string { return p.file }

// Groups lists the group ids in file order.
func (p *Properties) Groups() []string { return append([]string(nil), p.groups...) }

// keys lists a group's property keys, sorted.
func (p *Properties) keys(group string) []string {
	m := p.k.StringMap(group)
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// Group returns a copy of one group's properties.
func (p *Properties) Group(id string) (map[string]string, bool) {
	if !p.k.Exists(id) {
		return nil, false
	}
	return p.k.StringMap(id), true
}

// Get returns one property.
func (p *Properties) Get(group, key string) (string, bool) {
	path := group + keyDelim + key
	if !p.k.Exists(path) {
		return "", false
	}
	return p.k.String(path), true
}

// Set sets one property (used by `sluice dev` to point the job at its embedded broker).
func (p *Properties) Set(group, key, value string) {
	if !p.k.Exists(group) {
		p.groups = append(p.groups, group)
	}
	_ = p.k.Set(group+keyDelim+key, value)
}

// Lookup resolves a placeholder name "<group id>.<key>", e.g.
// "consumer.config.1.topic.name". When several splits of the name match
// (group "a.b" key "c" and group "a" key "b.c") the longest group id wins.
func (p *Properties) Lookup(name string) (string, bool) {
	best := ""
	for _, g := range p.groups {
		if len(g) > len(best) && strings.HasPrefix(name, g+".") {
			if _, ok := p.Get(g, name[len(g)+1:]); ok {
				best = g
			}
		}
	}
	if best == "" {
		return "", false
	}
	return p.Get(best, name[len(best)+1:])
}

// Names lists every placeholder name "<group>.<key>", sorted; for error hints.
func (p *Properties) Names() []string {
	var out []string
	for _, g := range p.groups {
		for _, k := range p.keys(g) {
			out = append(out, g+"."+k)
		}
	}
	sort.Strings(out)
	return out
}

// groupsParser hands the already validated groups to koanf as a nested map.
// koanf's stock JSON parser cannot read the format: its top level is an array.
type groupsParser struct{ groups []group }

func (g groupsParser) Unmarshal([]byte) (map[string]any, error) {
	out := make(map[string]any, len(g.groups))
	for _, grp := range g.groups {
		m := make(map[string]any, len(grp.Properties))
		for k, v := range grp.Properties {
			m[k] = v
		}
		out[grp.ID] = m
	}
	return out, nil
}

func (g groupsParser) Marshal(map[string]any) ([]byte, error) {
	return nil, fmt.Errorf("writing property groups is not supported")
}
