package kafka

import (
	"fmt"

	"github.com/sluice-sql/sluice/connectors"
	"github.com/sluice-sql/sluice/connectors/formats"
)

var (
	_ connectors.SourceValidator = Factory{}
	_ connectors.SinkValidator   = Factory{}
)

// ValidateSource implements connectors.SourceValidator: every check
// NewSource makes before it creates a client (the startup and bounded modes,
// 'properties.group.id' where they need it, metadata keys, the formats), so
// that explain and run reject the same tables.
func (Factory) ValidateSource(t connectors.Table) error {
	_, _, err := checkSource(t)
	return err
}

// ValidateSink implements connectors.SinkValidator, as ValidateSource.
func (Factory) ValidateSink(t connectors.Table) error {
	_, _, err := checkSink(t)
	return err
}

// sourceDecoders are the formats' decoders of a source table.
type sourceDecoders struct{ key, value formats.Decoder }

// checkSource is NewSource's validation: createDynamicTableSource's option
// checks, the metadata keys a source can read, and the formats' decoders.
func checkSource(t connectors.Table) (*sourceConfig, sourceDecoders, error) {
	var dec sourceDecoders
	c, err := parseSource(t)
	if err != nil {
		return nil, dec, err
	}
	for _, m := range t.Metadata {
		if _, ok := readableMetadata[m.Key]; !ok {
			return nil, dec, metadataError(t, m, readableMetadata, "reading")
		}
	}
	if dec.value, err = c.fmts.value.Factory.NewDecoder(c.valueSchema, c.fmts.value.Options); err != nil {
		return nil, dec, fmt.Errorf("kafka source '%s': value format: %w", t.Name, err)
	}
	if c.fmts.key != nil {
		if dec.key, err = c.fmts.key.Factory.NewDecoder(c.keySchema, c.fmts.key.Options); err != nil {
			return nil, dec, fmt.Errorf("kafka source '%s': key format: %w", t.Name, err)
		}
	}
	return c, dec, nil
}

// sinkPlan is what checkSink works out for NewSink: where the writable
// metadata columns are in a row (-1: absent) and the formats' encoders.
type sinkPlan struct {
	topicPos, tsPos int
	key, value      formats.Encoder
}

// checkSink is NewSink's validation: createDynamicTableSink's option
// checks, the metadata keys a sink can write, and the formats' encoders.
func checkSink(t connectors.Table) (*sinkConfig, sinkPlan, error) {
	plan := sinkPlan{topicPos: -1, tsPos: -1}
	c, err := parseSink(t)
	if err != nil {
		return nil, plan, err
	}
	pos := len(t.Schema)
	for _, m := range t.Metadata {
		if m.Virtual {
			continue // not part of the rows a sink receives
		}
		switch m.Key {
		case "topic":
			plan.topicPos = pos
		case "timestamp":
			plan.tsPos = pos
		default:
			return nil, plan, metadataError(t, m, writableMetadata, "writing")
		}
		pos++
	}
	if len(c.topics) != 1 && plan.topicPos < 0 {
		return nil, plan, optionErr(fmt.Sprintf("kafka sink '%s': with a topic list or 'topic-pattern' the 'topic' metadata column must be declared to choose each record's topic.", t.Name), optTopic, optTopicPattern)
	}
	if plan.value, err = c.fmts.value.Factory.NewEncoder(c.valueSchema, c.fmts.value.Options); err != nil {
		return nil, plan, fmt.Errorf("kafka sink '%s': value format: %w", t.Name, err)
	}
	if c.fmts.key != nil {
		if plan.key, err = c.fmts.key.Factory.NewEncoder(c.keySchema, c.fmts.key.Options); err != nil {
			return nil, plan, fmt.Errorf("kafka sink '%s': key format: %w", t.Name, err)
		}
	}
	return c, plan, nil
}
