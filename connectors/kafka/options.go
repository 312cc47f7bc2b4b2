package kafka

import (
	"fmt"
	"math"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/sluice-sql/sluice/connectors"
	"github.com/sluice-sql/sluice/connectors/formats"
	"github.com/sluice-sql/sluice/engine/config"
	"github.com/sluice-sql/sluice/engine/types"
)

// Option keys, as in Flink's KafkaConnectorOptions.
const (
	optTopic                 = "topic"
	optTopicPattern          = "topic-pattern"
	optBootstrapServers      = "properties.bootstrap.servers"
	optGroupID               = "properties.group.id"
	optFormat                = "format"
	optKeyFormat             = "key.format"
	optValueFormat           = "value.format"
	optKeyFields             = "key.fields"
	optKeyFieldsPrefix       = "key.fields-prefix"
	optValueFieldsInclude    = "value.fields-include"
	optStartupMode           = "scan.startup.mode"
	optStartupSpecific       = "scan.startup.specific-offsets"
	optStartupTimestamp      = "scan.startup.timestamp-millis"
	optBoundedMode           = "scan.bounded.mode"
	optBoundedSpecific       = "scan.bounded.specific-offsets"
	optBoundedTimestamp      = "scan.bounded.timestamp-millis"
	optDiscoveryInterval     = "scan.topic-partition-discovery.interval"
	optScanParallelism       = "scan.parallelism"
	optSinkPartitioner       = "sink.partitioner"
	optSinkParallelism       = "sink.parallelism"
	optDeliveryGuarantee     = "sink.delivery-guarantee"
	optTransactionalIDPrefix = "sink.transactional-id-prefix"
	optTransactionNaming     = "sink.transaction-naming-strategy"
	optSinkSemantic          = "sink.semantic" // deprecated in Flink, still accepted
	// optDeadLetterTopic is Sluice's own: where the source writes records it
	// cannot decode instead of failing (see doc.go).
	optDeadLetterTopic = "scan.dead-letter.topic"
	propertiesPrefix   = "properties."
)

// optionalOptions are KafkaDynamicTableFactory.optionalOptions().
var optionalOptions = []string{
	optFormat, optKeyFormat, optKeyFields, optKeyFieldsPrefix, optValueFormat, optValueFieldsInclude,
	optTopic, optTopicPattern, optGroupID, optStartupMode, optStartupSpecific, optDiscoveryInterval,
	optStartupTimestamp, optSinkPartitioner, optSinkParallelism, optDeliveryGuarantee,
	optTransactionalIDPrefix, optSinkSemantic, optBoundedMode, optBoundedSpecific, optBoundedTimestamp,
	optScanParallelism, optTransactionNaming, optDeadLetterTopic,
}

// Enumerations, spelled as Flink's enums print themselves (their toString).
var (
	startupModes      = []string{"earliest-offset", "latest-offset", "group-offsets", "timestamp", "specific-offsets"}
	boundedModes      = []string{"unbounded", "latest-offset", "group-offsets", "timestamp", "specific-offsets"}
	valueFieldsModes  = []string{"ALL", "EXCEPT_KEY"}
	deliveryModes     = []string{"exactly-once", "at-least-once", "none"}
	namingStrategies  = []string{"DEFAULT", "POOLING"}
	defaultDiscovery  = 5 * time.Minute
	sinkPartitioners  = []string{"default", "fixed", "round-robin"}
	enumClassForError = map[string]string{
		optStartupMode:        "class org.apache.flink.streaming.connectors.kafka.table.KafkaConnectorOptions$ScanStartupMode",
		optBoundedMode:        "class org.apache.flink.streaming.connectors.kafka.table.KafkaConnectorOptions$ScanBoundedMode",
		optValueFieldsInclude: "class org.apache.flink.streaming.connectors.kafka.table.KafkaConnectorOptions$ValueFieldsStrategy",
		optDeliveryGuarantee:  "class org.apache.flink.connector.base.DeliveryGuarantee",
		optSinkSemantic:       "class org.apache.flink.connector.base.DeliveryGuarantee",
		optTransactionNaming:  "class org.apache.flink.connector.kafka.sink.TransactionNamingStrategy",
	}
)

// Factory builds Kafka sources and sinks. The zero value is ready to use.
type Factory struct{}

// Identifier implements connectors.Factory.
func (Factory) Identifier() string { return "kafka" }

// Options implements connectors.Factory. Besides listing the accepted
// options it runs the checks Flink makes for both sources and sinks (topic
// vs topic-pattern, key fields), so that they are reported while planning
// with the option's position; the source- and sink-only checks run in
// NewSource and NewSink, as Flink only makes them for the role the table has.
func (Factory) Options(t connectors.Table) (connectors.OptionSpec, error) {
	spec := connectors.OptionSpec{
		Required: []string{optBootstrapServers},
		Optional: append([]string(nil), optionalOptions...),
		Prefixes: []string{propertiesPrefix},
	}
	fmts, err := resolveFormats(t)
	if err != nil {
		return spec, err
	}
	spec.Optional = append(spec.Optional, fmts.keys()...)
	if err := spec.Validate("kafka", t.Options); err != nil {
		return spec, err
	}
	if _, err := parseCommon(t, fmts); err != nil {
		return spec, err
	}
	return spec, nil
}

// tableFormats are the formats a table's options name.
type tableFormats struct {
	key, value *formats.Resolved
	// valueKey is the option that named the value format: 'format' or 'value.format'.
	valueKey string
}

func (f tableFormats) keys() []string {
	var ks []string
	if f.key != nil {
		ks = append(ks, f.key.Keys...)
	}
	if f.value != nil {
		ks = append(ks, f.value.Keys...)
	}
	return ks
}

// resolveFormats looks up 'key.format' and the value format: 'format' if
// set, else 'value.format' (Flink's getValueDecodingFormat order).
func resolveFormats(t connectors.Table) (tableFormats, error) {
	var f tableFormats
	if t.Formats == nil {
		return f, fmt.Errorf("kafka table '%s': no format registry", t.Name)
	}
	var err error
	if f.key, err = t.Formats.Resolve(t.Options, optKeyFormat); err != nil {
		return f, &connectors.OptionError{Message: err.Error(), Keys: []string{optKeyFormat}}
	}
	for _, k := range []string{optFormat, optValueFormat} {
		if _, ok := t.Options[k]; !ok {
			continue
		}
		if f.value, err = t.Formats.Resolve(t.Options, k); err != nil {
			return f, &connectors.OptionError{Message: err.Error(), Keys: []string{k}}
		}
		f.valueKey = k
		break
	}
	return f, nil
}

// tableConfig is a table's parsed options.
type tableConfig struct {
	name    string
	topics  []string
	pattern *regexp.Regexp
	fmts    tableFormats
	// keyIdx and valueIdx are the physical columns the key and the value
	// formats read and write, in format order.
	keyIdx, valueIdx []int
	keySchema        types.Schema
	valueSchema      types.Schema
	// props are the 'properties.*' options without the prefix.
	props map[string]string
}

func optionErr(msg string, keys ...string) error {
	return &connectors.OptionError{Message: msg, Keys: keys}
}

// parseCommon makes the checks Flink makes for sources and sinks alike.
func parseCommon(t connectors.Table, fmts tableFormats) (*tableConfig, error) {
	c := &tableConfig{name: t.Name, fmts: fmts, props: map[string]string{}}
	for k, v := range t.Options {
		if strings.HasPrefix(k, propertiesPrefix) {
			c.props[strings.TrimPrefix(k, propertiesPrefix)] = v
		}
	}
	if err := c.parseTopics(t.Options); err != nil {
		return nil, err
	}
	if err := c.parseProjections(t); err != nil {
		return nil, err
	}
	return c, nil
}

// parseTopics is KafkaConnectorOptionsUtil.validateTopic.
func (c *tableConfig) parseTopics(opts map[string]string) error {
	topic, hasTopic := opts[optTopic]
	pattern, hasPattern := opts[optTopicPattern]
	if hasTopic && hasPattern {
		return optionErr("Option 'topic' and 'topic-pattern' shouldn't be set together.", optTopic, optTopicPattern)
	}
	if !hasTopic && !hasPattern {
		return optionErr("Either 'topic' or 'topic-pattern' must be set.", optTopic, optTopicPattern)
	}
	if hasTopic {
		c.topics = splitList(topic)
		if len(c.topics) == 0 {
			return optionErr(fmt.Sprintf("Invalid value for option '%s': no topic in '%s'.", optTopic, topic), optTopic)
		}
		return nil
	}
	// Java's Pattern.matcher(topic).matches() matches the whole name.
	re, err := regexp.Compile(`^(?:` + pattern + `)$`)
	if err != nil {
		return optionErr(fmt.Sprintf("Invalid value for option '%s': %v", optTopicPattern, err), optTopicPattern)
	}
	c.pattern = re
	return nil
}

// splitList splits a Flink list option ('a;b'), dropping empty items.
func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ";") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// parseProjections is createKeyFormatProjection and
// createValueFormatProjection: which physical columns go to the key and to
// the value format.
func (c *tableConfig) parseProjections(t connectors.Table) error {
	keyFields, hasKeyFields := t.Options[optKeyFields]
	var keys []string
	if hasKeyFields {
		keys = splitList(keyFields)
	}
	hasKeyFormat := c.fmts.key != nil
	if !hasKeyFormat && hasKeyFields {
		return optionErr(fmt.Sprintf("The option '%s' can only be declared if a key format is defined using '%s'.",
			optKeyFields, optKeyFormat), optKeyFields)
	}
	if hasKeyFormat && len(keys) == 0 {
		return optionErr(fmt.Sprintf("A key format '%s' requires the declaration of one or more of key fields using '%s'.",
			optKeyFormat, optKeyFields), optKeyFormat)
	}
	prefix := t.Options[optKeyFieldsPrefix]
	names := t.Schema.Names()
	for _, k := range keys {
		pos := t.Schema.Index(k)
		if pos < 0 {
			return optionErr(fmt.Sprintf("Could not find the field '%s' in the table schema for usage in the key format. "+
				"A key field must be a regular, physical column. The following columns can be selected in the '%s' option:\n[%s]",
				k, optKeyFields, strings.Join(names, ", ")), optKeyFields)
		}
		if !strings.HasPrefix(k, prefix) {
			return optionErr(fmt.Sprintf("All fields in '%s' must be prefixed with '%s' when option '%s' is set but field '%s' is not prefixed.",
				optKeyFields, prefix, optKeyFieldsPrefix, k), optKeyFields)
		}
		c.keyIdx = append(c.keyIdx, pos)
		// The key format sees the names without the prefix.
		c.keySchema = append(c.keySchema, types.Column{Name: strings.TrimPrefix(k, prefix), Type: t.Schema[pos].Type})
	}
	include, err := enumOption(t.Options, optValueFieldsInclude, valueFieldsModes, "ALL")
	if err != nil {
		return err
	}
	if include == "ALL" {
		if prefix != "" {
			return optionErr(fmt.Sprintf("A key prefix is not allowed when option '%s' is set to '%s'. Set it to '%s' instead to avoid field overlaps.",
				optValueFieldsInclude, "ALL", "EXCEPT_KEY"), optKeyFieldsPrefix)
		}
	}
	for i, col := range t.Schema {
		if include == "EXCEPT_KEY" && containsInt(c.keyIdx, i) {
			continue
		}
		c.valueIdx = append(c.valueIdx, i)
		c.valueSchema = append(c.valueSchema, col)
	}
	return nil
}

func containsInt(s []int, v int) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

// enumOption reads an enum option as Flink's ConfigurationUtils.convertToEnum
// does (case-insensitive on the printed name).
func enumOption(opts map[string]string, key string, values []string, def string) (string, error) {
	v, ok := opts[key]
	if !ok {
		return def, nil
	}
	for _, e := range values {
		if strings.EqualFold(e, v) {
			return e, nil
		}
	}
	return "", optionErr(fmt.Sprintf("Invalid value for option '%s'. Could not parse value '%s' for key '%s'. Could not parse value for enum %s. Expected one of: [%s]",
		key, v, key, enumClassForError[key], strings.Join(values, ", ")), key)
}

// longOption reads a long option; ok is false when it is absent.
func longOption(opts map[string]string, key string) (v int64, ok bool, err error) {
	s, ok := opts[key]
	if !ok {
		return 0, false, nil
	}
	v, err = strconv.ParseInt(strings.TrimSpace(s), 10, 64)
	if err != nil {
		return 0, true, optionErr(fmt.Sprintf("Invalid value for option '%s'. Could not parse value '%s' for key '%s'.", key, s, key), key)
	}
	return v, true, nil
}

// parseSpecificOffsets is KafkaConnectorOptionsUtil.parseSpecificOffsets:
// 'partition:0,offset:42;partition:1,offset:300'.
func parseSpecificOffsets(s, key string) (map[int32]int64, error) {
	bad := optionErr(fmt.Sprintf("Invalid properties '%s' should follow the format "+
		"'partition:0,offset:42;partition:1,offset:300', but is '%s'.", key, s), key)
	// Java's String.split drops trailing empty strings.
	pairs := strings.Split(s, ";")
	for len(pairs) > 0 && pairs[len(pairs)-1] == "" {
		pairs = pairs[:len(pairs)-1]
	}
	if len(pairs) == 0 {
		return nil, bad
	}
	out := map[int32]int64{}
	for _, pair := range pairs {
		if pair == "" || !strings.Contains(pair, ",") {
			return nil, bad
		}
		kv := strings.Split(pair, ",")
		if len(kv) != 2 || !strings.HasPrefix(kv[0], "partition:") || !strings.HasPrefix(kv[1], "offset:") {
			return nil, bad
		}
		p, err := strconv.ParseInt(kv[0][strings.Index(kv[0], ":")+1:], 10, 32)
		if err != nil {
			return nil, bad
		}
		o, err := strconv.ParseInt(kv[1][strings.Index(kv[1], ":")+1:], 10, 64)
		if err != nil {
			return nil, bad
		}
		out[int32(p)] = o
	}
	return out, nil
}

type startupMode string
type boundedMode string

// sourceConfig is the source-only part of a table's options.
type sourceConfig struct {
	*tableConfig
	startup         startupMode
	startupOffsets  map[int32]int64
	startupTS       int64
	bounded         boundedMode
	boundedOffsets  map[int32]int64
	boundedTS       int64
	discovery       time.Duration
	groupID         string
	commitOffsets   bool
	autoOffsetReset string // Kafka's value: earliest, latest or none
	// deadLetter is 'scan.dead-letter.topic', "" when unset.
	deadLetter string
}

// parseSource is createDynamicTableSource's validation.
func parseSource(t connectors.Table) (*sourceConfig, error) {
	fmts, err := resolveFormats(t)
	if err != nil {
		return nil, err
	}
	if fmts.value == nil {
		return nil, optionErr(fmt.Sprintf("Could not find required scan format '%s'.", optValueFormat), optValueFormat, optFormat)
	}
	tc, err := parseCommon(t, fmts)
	if err != nil {
		return nil, err
	}
	c := &sourceConfig{tableConfig: tc, discovery: defaultDiscovery, commitOffsets: true}
	if err := c.parseStartup(t.Options); err != nil {
		return nil, err
	}
	if err := c.parseBounded(t.Options); err != nil {
		return nil, err
	}
	if v, ok := t.Options[optDiscoveryInterval]; ok {
		d, err := config.ParseDuration(v)
		if err != nil {
			return nil, optionErr(fmt.Sprintf("Invalid value for option '%s'. Could not parse value '%s' for key '%s'. %v", optDiscoveryInterval, v, optDiscoveryInterval, err), optDiscoveryInterval)
		}
		c.discovery = d
	}
	if len(t.PrimaryKey) > 0 {
		// validatePKConstraints: a plain Kafka table reads insert-only formats.
		return nil, optionErr(fmt.Sprintf("The Kafka table '%s' with '%s' format doesn't support defining PRIMARY KEY constraint on the table, because it can't guarantee the semantic of primary key.",
			t.Name, t.Options[fmts.valueKey]), fmts.valueKey)
	}
	c.groupID = tc.props["group.id"]
	if v, ok := tc.props["commit.offsets.on.checkpoint"]; ok {
		c.commitOffsets = strings.EqualFold(strings.TrimSpace(v), "true")
	}
	_, hasGroup := tc.props["group.id"]
	// KafkaSourceBuilder: offsets are committed only with a group id, and the
	// committed-offsets initializers need one.
	if !hasGroup {
		c.commitOffsets = false
		if c.startup == "group-offsets" || c.bounded == "group-offsets" {
			return nil, optionErr("Property group.id is required when using committed offset for offsets initializer", optGroupID)
		}
	}
	c.autoOffsetReset = "none"
	if v, ok := tc.props["auto.offset.reset"]; ok {
		switch strings.ToLower(strings.TrimSpace(v)) {
		case "earliest", "latest", "none":
			c.autoOffsetReset = strings.ToLower(strings.TrimSpace(v))
		default:
			if c.startup == "group-offsets" {
				return nil, optionErr(fmt.Sprintf("auto.offset.reset can not be set to %s. Valid values: [latest,earliest,none]", v), propertiesPrefix+"auto.offset.reset")
			}
		}
	}
	if v, ok := t.Options[optDeadLetterTopic]; ok {
		c.deadLetter = strings.TrimSpace(v)
		if c.deadLetter == "" {
			return nil, optionErr(fmt.Sprintf("Option '%s' should be a non-empty string.", optDeadLetterTopic), optDeadLetterTopic)
		}
		if containsString(c.topics, c.deadLetter) || (c.pattern != nil && c.pattern.MatchString(c.deadLetter)) {
			// The source would read its own dead letters back and fail on them again.
			return nil, optionErr(fmt.Sprintf("Option '%s' must name a topic the table does not read, not '%s'.", optDeadLetterTopic, c.deadLetter), optDeadLetterTopic)
		}
	}
	if c.bounded != "unbounded" {
		// KafkaSourceBuilder: bounded sources do not discover partitions.
		c.discovery = 0
	}
	return c, nil
}

// parseStartup is validateScanStartupMode and getStartupOptions.
func (c *sourceConfig) parseStartup(opts map[string]string) error {
	m, err := enumOption(opts, optStartupMode, startupModes, "group-offsets")
	if err != nil {
		return err
	}
	c.startup = startupMode(m)
	switch m {
	case "timestamp":
		ts, ok, err := longOption(opts, optStartupTimestamp)
		if err != nil {
			return err
		}
		if !ok {
			return optionErr(fmt.Sprintf("'%s' is required in '%s' startup mode but missing.", optStartupTimestamp, m), optStartupTimestamp)
		}
		c.startupTS = ts
	case "specific-offsets":
		s, ok := opts[optStartupSpecific]
		if !ok {
			return optionErr(fmt.Sprintf("'%s' is required in '%s' startup mode but missing.", optStartupSpecific, m), optStartupSpecific)
		}
		if len(c.topics) != 1 {
			return optionErr("Currently Kafka source only supports specific offset for single topic.", optStartupSpecific)
		}
		if c.startupOffsets, err = parseSpecificOffsets(s, optStartupSpecific); err != nil {
			return err
		}
	}
	return nil
}

// parseBounded is validateScanBoundedMode and getBoundedOptions.
func (c *sourceConfig) parseBounded(opts map[string]string) error {
	m, err := enumOption(opts, optBoundedMode, boundedModes, "unbounded")
	if err != nil {
		return err
	}
	c.bounded = boundedMode(m)
	switch m {
	case "timestamp":
		ts, ok, err := longOption(opts, optBoundedTimestamp)
		if err != nil {
			return err
		}
		if !ok {
			return optionErr(fmt.Sprintf("'%s' is required in '%s' bounded mode but missing.", optBoundedTimestamp, m), optBoundedTimestamp)
		}
		c.boundedTS = ts
	case "specific-offsets":
		s, ok := opts[optBoundedSpecific]
		if !ok {
			return optionErr(fmt.Sprintf("'%s' is required in '%s' bounded mode but missing.", optBoundedSpecific, m), optBoundedSpecific)
		}
		if len(c.topics) != 1 {
			return optionErr("Currently Kafka source only supports specific offset for single topic.", optBoundedSpecific)
		}
		if c.boundedOffsets, err = parseSpecificOffsets(s, optBoundedSpecific); err != nil {
			return err
		}
	}
	return nil
}

// sinkConfig is the sink-only part of a table's options.
type sinkConfig struct {
	*tableConfig
	partitioner string
	guarantee   string
	parallelism int
	// txnPrefix is 'sink.transactional-id-prefix' (exactly-once only).
	txnPrefix string
}

// parseSink is createDynamicTableSink's validation.
func parseSink(t connectors.Table) (*sinkConfig, error) {
	fmts, err := resolveFormats(t)
	if err != nil {
		return nil, err
	}
	if fmts.value == nil {
		return nil, optionErr(fmt.Sprintf("Could not find required sink format '%s'.", optValueFormat), optValueFormat, optFormat)
	}
	tc, err := parseCommon(t, fmts)
	if err != nil {
		return nil, err
	}
	c := &sinkConfig{tableConfig: tc, partitioner: "default", parallelism: 1}
	// validateDeprecatedSemantic: 'sink.semantic' wins over 'sink.delivery-guarantee'.
	if _, ok := t.Options[optSinkSemantic]; ok {
		if c.guarantee, err = enumOption(map[string]string{optSinkSemantic: strings.ReplaceAll(t.Options[optSinkSemantic], "_", "-")},
			optSinkSemantic, deliveryModes, "at-least-once"); err != nil {
			return nil, err
		}
		tc.logWarnDeprecatedSemantic(t)
	} else if c.guarantee, err = enumOption(t.Options, optDeliveryGuarantee, deliveryModes, "at-least-once"); err != nil {
		return nil, err
	}
	if _, err := enumOption(t.Options, optTransactionNaming, namingStrategies, "DEFAULT"); err != nil {
		return nil, err
	}
	if p, ok := t.Options[optSinkPartitioner]; ok {
		switch {
		case p == "round-robin" && t.Options[optKeyFields] != "":
			return nil, optionErr("Currently 'round-robin' partitioner only works when option 'key.fields' is not specified.", optSinkPartitioner)
		case p == "":
			return nil, optionErr(fmt.Sprintf("Option '%s' should be a non-empty string.", optSinkPartitioner), optSinkPartitioner)
		}
		known := false
		for _, k := range sinkPartitioners {
			known = known || k == p
		}
		if !known {
			// Flink loads any other value as a FlinkKafkaPartitioner class.
			return nil, optionErr(fmt.Sprintf("Could not find and instantiate partitioner class '%s'", p), optSinkPartitioner)
		}
		c.partitioner = p
	}
	if c.guarantee == "exactly-once" {
		prefix, ok := t.Options[optTransactionalIDPrefix]
		if !ok {
			return nil, optionErr(optTransactionalIDPrefix+" must be specified when using DeliveryGuarantee.EXACTLY_ONCE.", optTransactionalIDPrefix)
		}
		if strings.TrimSpace(prefix) == "" {
			return nil, optionErr(fmt.Sprintf("Option '%s' should be a non-empty string.", optTransactionalIDPrefix), optTransactionalIDPrefix)
		}
		if c.pattern != nil {
			// The checkpoint marker (see txn.go) is committed for partition 0
			// of a topic known before the first record.
			return nil, optionErr(fmt.Sprintf("kafka sink '%s': '%s' = 'exactly-once' needs 'topic', not 'topic-pattern'.", t.Name, optDeliveryGuarantee), optTopicPattern)
		}
		c.txnPrefix = prefix
	}
	if len(t.PrimaryKey) > 0 {
		return nil, optionErr(fmt.Sprintf("The Kafka table '%s' with '%s' format doesn't support defining PRIMARY KEY constraint on the table, because it can't guarantee the semantic of primary key.",
			t.Name, t.Options[fmts.valueKey]), fmts.valueKey)
	}
	if v, ok := t.Options[optSinkParallelism]; ok {
		n, err := strconv.Atoi(strings.TrimSpace(v))
		if err != nil || n <= 0 || n > math.MaxInt32 {
			return nil, optionErr(fmt.Sprintf("Invalid value for option '%s'. Could not parse value '%s' for key '%s'.", optSinkParallelism, v, optSinkParallelism), optSinkParallelism)
		}
		c.parallelism = n
	}
	return c, nil
}

func (c *tableConfig) logWarnDeprecatedSemantic(t connectors.Table) {
	if t.Logger != nil {
		t.Logger.Warn(optSinkSemantic + " is deprecated and will be removed. Please use " + optDeliveryGuarantee + " instead.")
	}
}

// metadataKeys are the readable metadata keys of Flink's KafkaDynamicSource
// that Sluice supports, with their types.
var readableMetadata = map[string]types.Type{
	"topic":          types.String.NotNullable(),
	"partition":      types.Int.NotNullable(),
	"leader-epoch":   types.Int,
	"offset":         types.BigInt.NotNullable(),
	"timestamp":      types.TimestampLTZType(3).NotNullable(),
	"timestamp-type": types.String.NotNullable(),
}

// writableMetadata are KafkaDynamicSink's writable keys Sluice supports.
var writableMetadata = map[string]types.Type{
	"topic":     types.String,
	"timestamp": types.TimestampLTZType(3),
}

func metadataError(t connectors.Table, m connectors.MetadataColumn, supported map[string]types.Type, what string) error {
	keys := make([]string, 0, len(supported))
	for k, ty := range supported {
		keys = append(keys, fmt.Sprintf("'%s' %s", k, ty))
	}
	sort.Strings(keys)
	msg := fmt.Sprintf("Invalid metadata key '%s' in column '%s' of table '%s'. The kafka connector supports the following metadata keys for %s:\n%s",
		m.Key, m.Name, t.Name, what, strings.Join(keys, "\n"))
	if m.Key == "headers" || m.Key == "header-list" {
		msg = fmt.Sprintf("Metadata key '%s' (column '%s' of table '%s') is not supported yet: Sluice has no MAP/ARRAY type.", m.Key, m.Name, t.Name)
	}
	return &connectors.ColumnError{Column: m.Name, Message: msg}
}
