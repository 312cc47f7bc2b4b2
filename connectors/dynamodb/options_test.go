package dynamodb

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/smithy-go"

	"github.com/sluice-sql/sluice/connectors"
	sqltypes "github.com/sluice-sql/sluice/engine/types"
)

func table(opts map[string]string, pk, partition []string) connectors.Table {
	o := map[string]string{"connector": "dynamodb", "table-name": "flagged-transactions", "aws.region": "us-east-1"}
	for k, v := range opts {
		if v == "<unset>" {
			delete(o, k)
			continue
		}
		o[k] = v
	}
	return connectors.Table{Name: "flagged_transactions", Schema: testSchema, Options: o, PrimaryKey: pk, PartitionKeys: partition}
}

func TestOptionsDefaults(t *testing.T) {
	c, err := parseOptions(table(nil, nil, nil))
	if err != nil {
		t.Fatal(err)
	}
	if c.maxBatch != 25 || c.maxFlight != 50 || c.maxBuffer != 10000 || c.flushAfter != 5*time.Second || c.failFast || c.ignoreNull {
		t.Errorf("defaults: %+v", c)
	}
}

func TestOptionsParsed(t *testing.T) {
	c, err := parseOptions(table(map[string]string{
		"sink.batch.max-size": "10", "sink.requests.max-inflight": "2", "sink.requests.max-buffered": "11",
		"sink.flush-buffer.timeout": "250", "sink.fail-on-error": "TRUE", "sink.ignore-nulls": "true",
		"aws.endpoint": "http://127.0.0.1:18000", "aws.credentials.basic.accesskeyid": "id",
		"aws.credentials.basic.secretkey": "secret", "sink.parallelism": "1", "sink.unknown": "x",
	}, []string{"transaction_id"}, nil))
	if err != nil {
		t.Fatal(err)
	}
	if c.maxBatch != 10 || c.maxFlight != 2 || c.maxBuffer != 11 || c.flushAfter != 250*time.Millisecond || !c.failFast || !c.ignoreNull {
		t.Errorf("parsed: %+v", c)
	}
	if providerType(c.aws, optCredProvider) != "BASIC" || c.aws["aws.credentials.provider.basic.secretkey"] != "secret" {
		t.Errorf("credentials: %v", c.aws)
	}
	if len(c.partitionKeys) != 0 || strings.Join(c.deleteKeys, ",") != "transaction_id" {
		t.Errorf("keys: partition %v delete %v", c.partitionKeys, c.deleteKeys)
	}
	if strings.Join(c.unknown, ",") != "sink.unknown" {
		t.Errorf("unknown: %v", c.unknown)
	}
}

func TestOptionErrors(t *testing.T) {
	tests := []struct {
		name      string
		opts      map[string]string
		pk        []string
		want, key string
	}{
		{"missing table", map[string]string{"table-name": "<unset>"}, nil, "Missing required options are:\n\ntable-name", "table-name"},
		{"missing region", map[string]string{"aws.region": "<unset>"}, nil, "Missing required options are:\n\naws.region", "aws.region"},
		{"bad region", map[string]string{"aws.region": "mars"}, nil, "Invalid AWS region set in config", "aws.region"},
		{"batch not a number", map[string]string{"sink.batch.max-size": "x"}, nil, "Could not parse value 'x' for key 'sink.batch.max-size'.", "sink.batch.max-size"},
		{"batch zero", map[string]string{"sink.batch.max-size": "0"}, nil, "Invalid option batch size. Must be a positive integer", "sink.batch.max-size"},
		{"batch over 25", map[string]string{"sink.batch.max-size": "26"}, nil, "DynamoDB client supports only up to 25 elements in the batch.", "sink.batch.max-size"},
		{"buffer not above batch", map[string]string{"sink.requests.max-buffered": "25"}, nil, "should be strictly greater than the maximum number of requests per batch", "sink.requests.max-buffered"},
		{"inflight negative", map[string]string{"sink.requests.max-inflight": "-1"}, nil, "Invalid option maximum inflight requests. Must be a positive integer", "sink.requests.max-inflight"},
		{"timeout duration text", map[string]string{"sink.flush-buffer.timeout": "5 s"}, nil, "Could not parse value '5 s' for key 'sink.flush-buffer.timeout'.", "sink.flush-buffer.timeout"},
		{"flush size below record size", map[string]string{"sink.flush-buffer.size": "1000"}, nil, "per flush must be greater than or equal to", "sink.flush-buffer.size"},
		{"fail-on-error", map[string]string{"sink.fail-on-error": "yes"}, nil, "Could not parse value 'yes' for key 'sink.fail-on-error'.", "sink.fail-on-error"},
		{"provider", map[string]string{"aws.credentials.provider": "MAGIC"}, nil, "Invalid AWS Credential Provider Type set in config. Valid values are: ENV_VAR, SYS_PROP, PROFILE, BASIC, ASSUME_ROLE, WEB_IDENTITY_TOKEN, CUSTOM, AUTO, ", "aws.credentials.provider"},
		{"basic without keys", map[string]string{"aws.credentials.provider": "BASIC"}, nil, "when using the BASIC AWS credential provider type", "aws.credentials.basic.accesskeyid"},
		{"endpoint", map[string]string{"aws.endpoint": "localhost:8000"}, nil, "is not an absolute URL", "aws.endpoint"},
		{"http protocol", map[string]string{"sink.http-client.protocol.version": "HTTP3"}, nil, "Must be HTTP1_1 or HTTP2.", "sink.http-client.protocol.version"},
		{"primary key of three", nil, []string{"account_id", "transaction_id", "transaction_date"}, "at most a sort key", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Factory{}.Options(table(tt.opts, tt.pk, nil))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error %v, want %q", err, tt.want)
			}
			var oe *connectors.OptionError
			if tt.key != "" && (!errors.As(err, &oe) || !contains(oe.Keys, tt.key)) {
				t.Errorf("error keys %v, want %s", oe, tt.key)
			}
		})
	}
}

func TestIsFatal(t *testing.T) {
	tests := []struct {
		name string
		err  error
		want bool
	}{
		{"validation", &smithy.OperationError{Err: &smithy.GenericAPIError{Code: "ValidationException"}}, true},
		{"resource not found", &smithy.OperationError{Err: &types.ResourceNotFoundException{}}, true},
		{"conditional check", &types.ConditionalCheckFailedException{}, true},
		{"credentials", &smithy.OperationError{Err: &credentialsError{errors.New("no creds")}}, true},
		{"invalid params", smithy.InvalidParamsError{Context: "BatchWriteItemInput"}, true},
		{"throughput", &types.ProvisionedThroughputExceededException{}, false},
		{"throttling", &smithy.GenericAPIError{Code: "ThrottlingException"}, false},
		{"request limit", &types.RequestLimitExceeded{}, false},
		{"internal", &types.InternalServerError{}, false},
		{"network", errors.New("dial tcp: connection refused"), false},
	}
	for _, tt := range tests {
		if got := isFatal(tt.err); got != tt.want {
			t.Errorf("%s: isFatal = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestBackoff(t *testing.T) {
	b := backoff{base: 10 * time.Millisecond, max: 100 * time.Millisecond}
	for attempt, maxWant := range []time.Duration{10, 20, 40, 80, 100, 100} {
		maxWant *= time.Millisecond
		for range 20 {
			d := b.delay(attempt)
			if d < maxWant/2 || d > maxWant {
				t.Fatalf("attempt %d: delay %v outside [%v, %v]", attempt, d, maxWant/2, maxWant)
			}
		}
	}
}

func TestParseTableDefinition(t *testing.T) {
	tests := []struct {
		name, json, err string
	}{
		{"unknown field", `{"TableName":"x","KeySchema":[{"AttributeName":"a","KeyType":"HASH"}],"AttributeDefinitions":[{"AttributeName":"a","AttributeType":"S"}],"Bogus":1}`, "unknown field"},
		{"no name", `{"KeySchema":[{"AttributeName":"a","KeyType":"HASH"}]}`, "TableName is missing"},
		{"no key", `{"TableName":"x"}`, "KeySchema is missing"},
		{"undefined key attribute", `{"TableName":"x","KeySchema":[{"AttributeName":"a","KeyType":"HASH"}]}`, "'a' has no AttributeDefinitions entry"},
		{"trailing text", `{"TableName":"x"} {}`, "text after the object"},
		{"not json", `// configs/ddb.json`, "not a CreateTable JSON document"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseTableDefinition([]byte(tt.json))
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Fatalf("error %v, want %q", err, tt.err)
			}
		})
	}
}

func TestSeedDefinition(t *testing.T) {
	def, err := LoadTableDefinition("../../configs/ddb.json")
	if err != nil {
		t.Fatal(err)
	}
	if deref(def.TableName) != "flagged-transactions" || keySchemaText(def.KeySchema) != "(transaction_id HASH, transaction_date RANGE)" {
		t.Errorf("table %s %s", deref(def.TableName), keySchemaText(def.KeySchema))
	}
	if len(def.GlobalSecondaryIndexes) != 1 || deref(def.GlobalSecondaryIndexes[0].IndexName) != "account" ||
		keySchemaText(def.GlobalSecondaryIndexes[0].KeySchema) != "(account_id HASH, transaction_date RANGE)" ||
		def.GlobalSecondaryIndexes[0].Projection.ProjectionType != types.ProjectionTypeAll {
		t.Errorf("index %+v", def.GlobalSecondaryIndexes)
	}
}

// A column the sink cannot convert fails the options check (explain and
// run), not the first row.
func TestUnsupportedColumnType(t *testing.T) {
	tb := table(nil, nil, nil)
	tb.Schema = append(append(sqltypes.Schema{}, tb.Schema...), sqltypes.Column{Name: "tags", Type: sqltypes.ArrayType(sqltypes.String)})
	if _, err := parseOptions(tb); err == nil || !strings.Contains(err.Error(), "column 'tags' of type ARRAY<STRING>") {
		t.Fatalf("parseOptions = %v, want an error naming column tags", err)
	}
}
