// Package kafkaswap rewrites a Flink SQL job so that every table it creates
// is a Kafka topic in JSON: what a user does to try a job written for
// datagen, faker, Kinesis, JDBC or filesystem tables on a Kafka cluster.
//
// The rewrite works on the syntax tree (sql/syntax), so it is exact: each
// CREATE TABLE keeps its columns, computed and metadata columns, watermarks,
// constraints and LIKE clause, and only its WITH options are replaced. Every
// other statement (views, INSERT, SET, USE, a bare SELECT, ...) is kept as
// written, comments included.
package kafkaswap

import (
	"context"
	"fmt"
	"regexp"
	"strings"

	"github.com/sluice-sql/sluice/sql/syntax"
)

// Options are the settings every swapped table gets.
type Options struct {
	// Bootstrap is 'properties.bootstrap.servers'.
	Bootstrap string
	// GroupID is 'properties.group.id' of the plain Kafka tables.
	GroupID string
}

// The options used where Options leaves a field empty.
const (
	DefaultBootstrap = "localhost:9092"
	DefaultGroupID   = "sluice-corpus"
)

func (o Options) withDefaults() Options {
	if o.Bootstrap == "" {
		o.Bootstrap = DefaultBootstrap
	}
	if o.GroupID == "" {
		o.GroupID = DefaultGroupID
	}
	return o
}

// Rewrite parses src (file names it in errors) and returns it with every
// CREATE TABLE's WITH options replaced by Kafka+JSON ones (see Table).
// Statements are separated by ";\n" in the result.
func Rewrite(ctx context.Context, file, src string, opts Options) (string, error) {
	script, err := syntax.ParseScript(ctx, src, syntax.Options{File: file})
	if err != nil {
		return "", fmt.Errorf("kafkaswap: %w", err)
	}
	opts = opts.withDefaults()
	var b strings.Builder
	for i, st := range script.Stmts {
		if ct, ok := st.(*syntax.CreateTable); ok {
			b.WriteString(syntax.Format(Table(ct, opts)))
		} else {
			b.WriteString(script.Texts[i])
		}
		b.WriteString(";\n")
	}
	return b.String(), nil
}

// Table returns a copy of ct whose options are Kafka+JSON with the table's
// name as topic. A table with a PRIMARY KEY becomes an upsert-kafka table
// (JSON key and value), as Flink requires: its 'kafka' connector refuses a
// primary key with the json format. PARTITIONED BY and DISTRIBUTED BY are
// dropped, since a Kafka table supports neither.
func Table(ct *syntax.CreateTable, opts Options) *syntax.CreateTable {
	opts = opts.withDefaults()
	out := *ct
	out.PartitionedBy, out.Distribution = nil, nil
	topic := topicName(ct.Name)
	if hasPrimaryKey(ct) {
		out.Options = properties(
			"connector", "upsert-kafka",
			"topic", topic,
			"properties.bootstrap.servers", opts.Bootstrap,
			"key.format", "json",
			"value.format", "json",
		)
		return &out
	}
	out.Options = properties(
		"connector", "kafka",
		"topic", topic,
		"properties.bootstrap.servers", opts.Bootstrap,
		"properties.group.id", opts.GroupID,
		"scan.startup.mode", "earliest-offset",
		"format", "json",
	)
	return &out
}

func hasPrimaryKey(ct *syntax.CreateTable) bool {
	for _, c := range ct.Constraints {
		if c.Kind == "PRIMARY KEY" {
			return true
		}
	}
	for _, c := range ct.Columns {
		if c.Constraint != nil && c.Constraint.Kind == "PRIMARY KEY" {
			return true
		}
	}
	return false
}

// notTopicChar is what Kafka does not allow in a topic name.
var notTopicChar = regexp.MustCompile(`[^A-Za-z0-9._-]`)

// topicName is the table's own name (without catalog and database), with
// characters a topic cannot have replaced by '_'.
func topicName(n syntax.Name) string {
	return notTopicChar.ReplaceAllString(n.Last().Name, "_")
}

func properties(kv ...string) []syntax.Property {
	out := make([]syntax.Property, 0, len(kv)/2)
	for i := 0; i+1 < len(kv); i += 2 {
		out = append(out, syntax.Property{Key: kv[i], Value: kv[i+1]})
	}
	return out
}
