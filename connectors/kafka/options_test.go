package kafka

import (
	"errors"
	"strings"
	"testing"

	"github.com/sluice-sql/sluice/connectors"
	"github.com/sluice-sql/sluice/engine/types"
)

// TestOptionErrors checks validation messages against Flink's wording.
// stage says where Flink reports the error: "options" (both roles, at
// planning), "source" or "sink".
func TestOptionErrors(t *testing.T) {
	base := func(kv ...string) map[string]string {
		o := map[string]string{"topic": "tx", "properties.bootstrap.servers": "127.0.0.1:1", "format": "json",
			"properties.group.id": "g", "scan.startup.mode": "earliest-offset"}
		for i := 0; i+1 < len(kv); i += 2 {
			if kv[i+1] == "<unset>" {
				delete(o, kv[i])
			} else {
				o[kv[i]] = kv[i+1]
			}
		}
		return o
	}
	tests := []struct {
		name  string
		stage string
		opts  map[string]string
		want  string
		keys  []string
	}{
		{"missing bootstrap", "options", base("properties.bootstrap.servers", "<unset>"),
			"One or more required options are missing.\n\nMissing required options are:\n\nproperties.bootstrap.servers", []string{"properties.bootstrap.servers"}},
		{"unsupported option", "options", base("scan.startup.mod", "x"),
			"Unsupported options found for 'kafka'.\n\nUnsupported options:\n\nscan.startup.mod", []string{"scan.startup.mod"}},
		{"unknown format", "options", base("format", "avro"),
			"could not find any format factory for identifier 'avro'", []string{"format"}},
		{"topic and pattern", "options", base("topic-pattern", "t.*"),
			"Option 'topic' and 'topic-pattern' shouldn't be set together.", []string{"topic", "topic-pattern"}},
		{"no topic", "options", base("topic", "<unset>"),
			"Either 'topic' or 'topic-pattern' must be set.", []string{"topic", "topic-pattern"}},
		{"bad pattern", "options", base("topic", "<unset>", "topic-pattern", "t(("),
			"Invalid value for option 'topic-pattern'", []string{"topic-pattern"}},
		{"key fields without key format", "options", base("key.fields", "account_id"),
			"The option 'key.fields' can only be declared if a key format is defined using 'key.format'.", []string{"key.fields"}},
		{"key format without key fields", "options", base("key.format", "json"),
			"A key format 'key.format' requires the declaration of one or more of key fields using 'key.fields'.", []string{"key.format"}},
		{"unknown key field", "options", base("key.format", "json", "key.fields", "nope"),
			"Could not find the field 'nope' in the table schema for usage in the key format. A key field must be a regular, physical column. The following columns can be selected in the 'key.fields' option:\n[account_id, transaction_id, amount, ts]", []string{"key.fields"}},
		{"key prefix with ALL", "options", base("key.format", "json", "key.fields", "account_id", "key.fields-prefix", "acc"),
			"A key prefix is not allowed when option 'value.fields-include' is set to 'ALL'. Set it to 'EXCEPT_KEY' instead to avoid field overlaps.", []string{"key.fields-prefix"}},
		{"key field not prefixed", "options", base("key.format", "json", "key.fields", "account_id", "key.fields-prefix", "k_", "value.fields-include", "EXCEPT_KEY"),
			"All fields in 'key.fields' must be prefixed with 'k_' when option 'key.fields-prefix' is set but field 'account_id' is not prefixed.", []string{"key.fields"}},
		{"bad value.fields-include", "options", base("value.fields-include", "SOME"),
			"Invalid value for option 'value.fields-include'. Could not parse value 'SOME' for key 'value.fields-include'.", []string{"value.fields-include"}},
		{"missing format (source)", "source", base("format", "<unset>"),
			"Could not find required scan format 'value.format'.", []string{"value.format", "format"}},
		{"missing format (sink)", "sink", base("format", "<unset>"),
			"Could not find required sink format 'value.format'.", []string{"value.format", "format"}},
		{"bad startup mode", "source", base("scan.startup.mode", "beginning"),
			"Invalid value for option 'scan.startup.mode'. Could not parse value 'beginning' for key 'scan.startup.mode'. Could not parse value for enum class org.apache.flink.streaming.connectors.kafka.table.KafkaConnectorOptions$ScanStartupMode. Expected one of: [earliest-offset, latest-offset, group-offsets, timestamp, specific-offsets]", []string{"scan.startup.mode"}},
		{"timestamp without millis", "source", base("scan.startup.mode", "timestamp"),
			"'scan.startup.timestamp-millis' is required in 'timestamp' startup mode but missing.", []string{"scan.startup.timestamp-millis"}},
		{"bad millis", "source", base("scan.startup.mode", "timestamp", "scan.startup.timestamp-millis", "soon"),
			"Invalid value for option 'scan.startup.timestamp-millis'. Could not parse value 'soon' for key 'scan.startup.timestamp-millis'.", []string{"scan.startup.timestamp-millis"}},
		{"specific without offsets", "source", base("scan.startup.mode", "specific-offsets"),
			"'scan.startup.specific-offsets' is required in 'specific-offsets' startup mode but missing.", []string{"scan.startup.specific-offsets"}},
		{"specific with two topics", "source", base("scan.startup.mode", "specific-offsets", "scan.startup.specific-offsets", "partition:0,offset:1", "topic", "a;b"),
			"Currently Kafka source only supports specific offset for single topic.", []string{"scan.startup.specific-offsets"}},
		{"malformed specific offsets", "source", base("scan.startup.mode", "specific-offsets", "scan.startup.specific-offsets", "partition:0;offset:1"),
			"Invalid properties 'scan.startup.specific-offsets' should follow the format 'partition:0,offset:42;partition:1,offset:300', but is 'partition:0;offset:1'.", []string{"scan.startup.specific-offsets"}},
		{"bounded timestamp without millis", "source", base("scan.bounded.mode", "timestamp"),
			"'scan.bounded.timestamp-millis' is required in 'timestamp' bounded mode but missing.", []string{"scan.bounded.timestamp-millis"}},
		{"bounded specific without offsets", "source", base("scan.bounded.mode", "specific-offsets"),
			"'scan.bounded.specific-offsets' is required in 'specific-offsets' bounded mode but missing.", []string{"scan.bounded.specific-offsets"}},
		{"bad bounded mode", "source", base("scan.bounded.mode", "forever"),
			"Could not parse value 'forever' for key 'scan.bounded.mode'.", []string{"scan.bounded.mode"}},
		{"group offsets without group id", "source", base("properties.group.id", "<unset>", "scan.startup.mode", "<unset>"),
			"Property group.id is required when using committed offset for offsets initializer", []string{"properties.group.id"}},
		{"bounded group offsets without group id", "source", base("properties.group.id", "<unset>", "scan.bounded.mode", "group-offsets"),
			"Property group.id is required when using committed offset for offsets initializer", []string{"properties.group.id"}},
		{"bad auto.offset.reset", "source", base("scan.startup.mode", "group-offsets", "properties.auto.offset.reset", "smallest"),
			"auto.offset.reset can not be set to smallest. Valid values: [latest,earliest,none]", []string{"properties.auto.offset.reset"}},
		{"bad discovery interval", "source", base("scan.topic-partition-discovery.interval", "often"),
			"Invalid value for option 'scan.topic-partition-discovery.interval'", []string{"scan.topic-partition-discovery.interval"}},
		{"exactly-once without prefix", "sink", base("sink.delivery-guarantee", "exactly-once"),
			"sink.transactional-id-prefix must be specified when using DeliveryGuarantee.EXACTLY_ONCE.", []string{"sink.transactional-id-prefix"}},
		{"exactly-once with an empty prefix", "sink", base("sink.delivery-guarantee", "exactly-once", "sink.transactional-id-prefix", " "),
			"Option 'sink.transactional-id-prefix' should be a non-empty string.", []string{"sink.transactional-id-prefix"}},
		{"exactly-once with a topic pattern", "sink", base("sink.delivery-guarantee", "exactly-once", "sink.transactional-id-prefix", "tx", "topic", "<unset>", "topic-pattern", "tx.*"),
			"'sink.delivery-guarantee' = 'exactly-once' needs 'topic', not 'topic-pattern'.", []string{"topic-pattern"}},
		{"empty dead-letter topic", "source", base("scan.dead-letter.topic", ""),
			"Option 'scan.dead-letter.topic' should be a non-empty string.", []string{"scan.dead-letter.topic"}},
		{"dead-letter topic read by the table", "source", base("scan.dead-letter.topic", "tx"),
			"Option 'scan.dead-letter.topic' must name a topic the table does not read, not 'tx'.", []string{"scan.dead-letter.topic"}},
		{"bad delivery guarantee", "sink", base("sink.delivery-guarantee", "twice"),
			"Could not parse value 'twice' for key 'sink.delivery-guarantee'.", []string{"sink.delivery-guarantee"}},
		{"round-robin with key fields", "sink", base("sink.partitioner", "round-robin", "key.format", "json", "key.fields", "account_id"),
			"Currently 'round-robin' partitioner only works when option 'key.fields' is not specified.", []string{"sink.partitioner"}},
		{"partitioner class", "sink", base("sink.partitioner", "com.example.MyPartitioner"),
			"Could not find and instantiate partitioner class 'com.example.MyPartitioner'", []string{"sink.partitioner"}},
		{"empty partitioner", "sink", base("sink.partitioner", ""),
			"Option 'sink.partitioner' should be a non-empty string.", []string{"sink.partitioner"}},
		{"sink topic list without topic column", "sink", base("topic", "a;b"),
			"the 'topic' metadata column must be declared", []string{"topic", "topic-pattern"}},
		{"invalid librdkafka value", "sink", base("properties.linger.ms", "soon"),
			"invalid option 'properties.linger.ms'", []string{"properties.linger.ms"}},
		{"invalid librdkafka value (source)", "source", base("properties.fetch.min.bytes", "lots"),
			"invalid option 'properties.fetch.min.bytes'", []string{"properties.fetch.min.bytes"}},
		{"primary key", "source", base(), "doesn't support defining PRIMARY KEY constraint", []string{"format"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tbl := table(t, "tx", txSchema, tc.opts)
			if tc.name == "primary key" {
				tbl.PrimaryKey = []string{"account_id"}
			}
			spec, err := Factory{}.Options(tbl)
			if err == nil {
				err = spec.Validate("kafka", tbl.Options)
			}
			if tc.stage != "options" {
				if err != nil {
					t.Fatalf("Options: unexpected error %v", err)
				}
				if tc.stage == "source" {
					var src connectors.Source
					src, err = Factory{}.NewSource(tbl)
					if err == nil {
						src.Close()
					}
				} else {
					var sink connectors.Sink
					sink, err = Factory{}.NewSink(tbl)
					if err == nil {
						sink.Close(t.Context())
					}
				}
			}
			if err == nil {
				t.Fatalf("no error, want %q", tc.want)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error:\n%v\nwant it to contain:\n%s", err, tc.want)
			}
			var oe *connectors.OptionError
			if !errors.As(err, &oe) {
				t.Fatalf("error is a %T, want *connectors.OptionError", err)
			}
			if strings.Join(oe.Keys, ",") != strings.Join(tc.keys, ",") {
				t.Fatalf("keys %v, want %v", oe.Keys, tc.keys)
			}
		})
	}
}

// TestOptionsAccepted: Flink's own options, the format's prefixed options
// and arbitrary client properties pass; Java-only and unknown client
// properties are dropped instead of failing the client.
func TestOptionsAccepted(t *testing.T) {
	opts := map[string]string{
		"topic": "tx", "properties.bootstrap.servers": "127.0.0.1:1", "value.format": "json",
		"value.json.ignore-parse-errors": "true", "key.format": "json", "key.json.fail-on-missing-field": "false",
		"key.fields": "k_account_id", "key.fields-prefix": "k_", "value.fields-include": "except_key",
		"properties.group.id": "g", "scan.startup.mode": "LATEST-OFFSET", "scan.bounded.mode": "unbounded",
		"scan.topic-partition-discovery.interval": "10 s", "sink.partitioner": "fixed", "sink.parallelism": "1",
		"sink.delivery-guarantee": "none", "sink.transaction-naming-strategy": "POOLING", "scan.parallelism": "1",
		"properties.allow.auto.create.topics": "true", "properties.key.serializer": "org.apache.kafka.common.serialization.ByteArraySerializer",
		"properties.sasl.jaas.config": "x", "properties.ssl.truststore.location": "/x.pem", "properties.not.a.kafka.property": "1",
		"properties.max.request.size": "2097152", "properties.buffer.memory": "33554432", "properties.receive.buffer.bytes": "-1",
		"properties.auto.offset.reset": "earliest",
	}
	schema := types.Schema{{Name: "k_account_id", Type: types.BigInt}, {Name: "amount", Type: types.DecimalType(10, 2)}}
	tbl := table(t, "tx", schema, opts)
	spec, err := Factory{}.Options(tbl)
	if err == nil {
		err = spec.Validate("kafka", tbl.Options)
	}
	if err != nil {
		t.Fatal(err)
	}
	src, err := Factory{}.NewSource(tbl)
	if err != nil {
		t.Fatal(err)
	}
	s := src.(*Source)
	if s.Bounded() || s.cfg.startup != "latest-offset" || s.cfg.discovery.Seconds() != 10 {
		t.Fatalf("parsed %+v", s.cfg)
	}
	if got := s.cm["auto.offset.reset"]; got != "latest" {
		t.Fatalf("auto.offset.reset = %v, want latest (the startup mode's, as Flink overrides it)", got)
	}
	for _, k := range []string{"key.serializer", "sasl.jaas.config", "ssl.truststore.location", "not.a.kafka.property", "max.request.size"} {
		if _, ok := s.cm[k]; ok {
			t.Errorf("client config still has %s", k)
		}
	}
	if s.cm["message.max.bytes"] != "2097152" || s.cm["queue.buffering.max.kbytes"] != "32768" || s.cm["socket.receive.buffer.bytes"] != "0" {
		t.Errorf("renamed properties: %v", s.cm)
	}
	if err := src.Close(); err != nil {
		t.Fatal(err)
	}
	sink, err := Factory{}.NewSink(tbl)
	if err != nil {
		t.Fatal(err)
	}
	if err := sink.Close(t.Context()); err != nil {
		t.Fatal(err)
	}
	// acks=1 turns the default idempotence off instead of failing, as the
	// Java producer does.
	opts["properties.acks"] = "1"
	sink, err = Factory{}.NewSink(table(t, "tx", schema, opts))
	if err != nil {
		t.Fatal(err)
	}
	if err := sink.Close(t.Context()); err != nil {
		t.Fatal(err)
	}
}

func TestParseSpecificOffsets(t *testing.T) {
	tests := []struct {
		in   string
		want map[int32]int64
	}{
		{"partition:0,offset:42;partition:1,offset:300", map[int32]int64{0: 42, 1: 300}},
		{"partition:0,offset:42;", map[int32]int64{0: 42}},
		{"partition:1,offset:0", map[int32]int64{1: 0}},
		{"", nil},
		{";", nil},
		{"partition:0", nil},
		{"partition:x,offset:1", nil},
		{"partition:0,offset:1,extra:2", nil},
		{"offset:1,partition:0", nil},
	}
	for _, tc := range tests {
		got, err := parseSpecificOffsets(tc.in, "k")
		if tc.want == nil {
			if err == nil {
				t.Errorf("%q: no error", tc.in)
			}
			continue
		}
		if err != nil || len(got) != len(tc.want) {
			t.Errorf("%q: %v %v", tc.in, got, err)
			continue
		}
		for k, v := range tc.want {
			if got[k] != v {
				t.Errorf("%q: %v", tc.in, got)
			}
		}
	}
}
