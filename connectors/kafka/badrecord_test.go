package kafka

import (
	"errors"
	"strings"
	"testing"

	"github.com/sluice-sql/sluice/connectors/formats"
	"github.com/sluice-sql/sluice/connectors/formats/json"
)

// TestBadRecordWaysOn: the error that fails the source on a bad record
// names the record, then the options that go on past it, with the offset
// to start from.
func TestBadRecordWaysOn(t *testing.T) {
	cause := &json.DeserializeError{Record: []byte(`{"amount": "lots"}`), Field: "amount", Err: errors.New("invalid number")}
	tests := []struct {
		name     string
		opts     map[string]string
		key      bool
		restored bool
		want     []string
		not      []string
	}{
		{"one topic", nil, false, false, []string{
			"kafka source 'tx': topic transactions partition 3 offset 41: Failed to deserialize JSON '{\"amount\": \"lots\"}': Fail to deserialize at field: amount: invalid number. ",
			"To go on, set in the WITH options of table 'tx' one of: ",
			"'json.ignore-parse-errors' = 'true'",
			"'scan.dead-letter.topic' = '<topic>'",
			"'scan.startup.mode' = 'specific-offsets' and 'scan.startup.specific-offsets' = 'partition:3,offset:42'",
		}, []string{"checkpoint"}},
		{"value.format", map[string]string{"format": "", "value.format": "json"}, false, false,
			[]string{"'value.json.ignore-parse-errors' = 'true'"}, nil},
		{"the key", map[string]string{"key.format": "json", "key.fields": "account_id"}, true, false,
			[]string{"offset 41 (key): ", "'key.json.ignore-parse-errors' = 'true'"}, []string{"'json.ignore-parse-errors'"}},
		{"restored from a checkpoint", nil, false, true,
			[]string{"'partition:3,offset:42'", "a checkpoint restored this partition's position"}, nil},
		{"a topic list with a group", map[string]string{"topic": "transactions;other", "properties.group.id": "g"}, false, false,
			[]string{"'scan.startup.mode' = 'group-offsets' to start after it once group 'g' has committed offset 42 for topic transactions partition 3",
				"kafka-consumer-groups --bootstrap-server 127.0.0.1:1 --reset-offsets --group g --topic transactions:3 --to-offset 42 --execute"},
			[]string{"specific-offsets"}},
		{"a topic list without a group", map[string]string{"topic": "transactions;other"}, false, false,
			[]string{"'scan.dead-letter.topic'"}, []string{"specific-offsets", "group-offsets"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opts := map[string]string{"connector": "kafka", "topic": "transactions", "properties.bootstrap.servers": "127.0.0.1:1", "format": "json",
				"scan.startup.mode": "earliest-offset"}
			for k, v := range tt.opts {
				if v == "" {
					delete(opts, k)
				} else {
					opts[k] = v
				}
			}
			tbl := table(t, "tx", txSchema, opts)
			tbl.Formats = formats.NewRegistry(json.Factory{})
			c, err := parseSource(tbl)
			if err != nil {
				t.Fatal(err)
			}
			s := &Source{cfg: c}
			err = s.badRecord(&decodeError{table: "tx", topic: "transactions", partition: 3, offset: 41, key: tt.key, err: cause}, tt.restored)
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("%s\nlacks %q", err, w)
				}
			}
			for _, n := range tt.not {
				if strings.Contains(err.Error(), n) {
					t.Errorf("%s\nmentions %q", err, n)
				}
			}
			if !errors.Is(err, cause) {
				t.Errorf("the error does not wrap its cause")
			}
		})
	}
}
