package kafka

import (
	"fmt"
	"strings"

	"github.com/sluice-sql/sluice/connectors/formats"
	"github.com/sluice-sql/sluice/internal/excerpt"
)

// decodeError is a record the table's key or value format could not
// decode. Its text names where the record is, then the format's error
// (which may quote an excerpt of the record).
type decodeError struct {
	table     string
	topic     string
	partition int32
	offset    int64
	key       bool // the key failed, not the value
	err       error
}

func (e *decodeError) Error() string {
	return e.where() + ": " + excerpt.String(e.err.Error(), excerpt.Text)
}

func (e *decodeError) Unwrap() error { return e.err }

func (e *decodeError) where() string {
	part := ""
	if e.key {
		part = " (key)"
	}
	return fmt.Sprintf("kafka source '%s': topic %s partition %d offset %d%s", e.table, e.topic, e.partition, e.offset, part)
}

// reason is the error without the record: the dead letter carries the
// record already, and a log line needs only where it is and why.
func (e *decodeError) reason() string {
	return e.where() + ": " + formats.Reason(e.err)
}

// badRecordError fails the source on a record it cannot decode; it says
// the ways to go on past the record.
type badRecordError struct {
	*decodeError
	waysOn string
}

func (e *badRecordError) Error() string { return e.decodeError.Error() + ". " + e.waysOn }

func (e *badRecordError) Unwrap() error { return e.decodeError }

// badRecord is the error that fails the source on e. restored tells
// whether the partition's position came from a checkpoint.
func (s *Source) badRecord(e *decodeError, restored bool) error {
	c := s.cfg
	var ways []string
	format := c.fmts.value
	if e.key {
		format = c.fmts.key
	}
	if format != nil {
		if k := formatKey(format, "ignore-parse-errors"); k != "" {
			way := fmt.Sprintf("'%s' = 'true' (as Flink: records that do not parse are skipped, fields that fail are NULL)", k)
			if strings.EqualFold(format.Options["fail-on-missing-field"], "true") {
				way += fmt.Sprintf(" without '%s'", formatKey(format, "fail-on-missing-field"))
			}
			ways = append(ways, way)
		}
	}
	ways = append(ways, fmt.Sprintf("'%s' = '<topic>' (Sluice's own option: such records go to that topic)", optDeadLetterTopic))
	if start := s.startPast(e); start != "" {
		if restored {
			start += "; a checkpoint restored this partition's position, and it wins over the startup mode: " +
				"this applies only to a start without that checkpoint"
		}
		ways = append(ways, start)
	}
	return &badRecordError{decodeError: e, waysOn: fmt.Sprintf("To go on, set in the WITH options of table '%s' one of: %s",
		c.name, strings.Join(ways, "; or "))}
}

// startPast says how to start reading after e's record, or "" when the
// table's options offer no way.
func (s *Source) startPast(e *decodeError) string {
	c := s.cfg
	next := e.offset + 1
	if c.pattern == nil && len(c.topics) == 1 {
		return fmt.Sprintf("'%s' = 'specific-offsets' and '%s' = 'partition:%d,offset:%d' to start after it "+
			"(partitions not listed start at the group's committed offsets, else the earliest)",
			optStartupMode, optStartupSpecific, e.partition, next)
	}
	if c.groupID != "" {
		// 'specific-offsets' takes a single topic only.
		return fmt.Sprintf("'%s' = 'group-offsets' to start after it once group '%s' has committed offset %d "+
			"for topic %s partition %d (kafka-consumer-groups --bootstrap-server %s --reset-offsets --group %s --topic %s:%d --to-offset %d --execute)",
			optStartupMode, c.groupID, next, e.topic, e.partition, c.props["bootstrap.servers"], c.groupID, e.topic, e.partition, next)
	}
	return ""
}

// formatKey is the table's option key of a format option ("key.json.…"
// for the key format), "" when the format has no such option.
func formatKey(f *formats.Resolved, option string) string {
	for _, k := range f.Keys {
		if k == option || strings.HasSuffix(k, "."+option) {
			return k
		}
	}
	return ""
}
