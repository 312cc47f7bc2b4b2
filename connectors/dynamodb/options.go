package dynamodb

import (
	"fmt"
	"net/url"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/sluice-sql/sluice/connectors"
	"github.com/sluice-sql/sluice/engine/types"
)

// Option keys, as in Flink's DynamoDbConnectorOptions, AsyncSinkConnectorOptions
// and AWSConfigConstants.
const (
	optTableName        = "table-name"
	optRegion           = "aws.region"
	optEndpoint         = "aws.endpoint"
	optTrustAll         = "aws.trust.all.certificates"
	optCredProvider     = "aws.credentials.provider"
	optMaxBatchSize     = "sink.batch.max-size"
	optMaxInFlight      = "sink.requests.max-inflight"
	optMaxBuffered      = "sink.requests.max-buffered"
	optFlushBufferSize  = "sink.flush-buffer.size"
	optFlushTimeout     = "sink.flush-buffer.timeout"
	optFailOnError      = "sink.fail-on-error"
	optIgnoreNulls      = "sink.ignore-nulls"
	optHTTPConcurrency  = "sink.http-client.max-concurrency"
	optHTTPReadTimeout  = "sink.http-client.read-timeout"
	optHTTPProtocol     = "sink.http-client.protocol.version"
	optCreateTableDef   = "sink.create-table.definition" // Sluice extension
	awsPrefix           = "aws."
	httpClientPrefix    = "sink.http-client."
	maxDynamoBatchItems = 25
)

// Defaults of DynamoDbSinkBuilder.
const (
	defaultMaxBatchSize   = 25
	defaultMaxInFlight    = 50
	defaultMaxBuffered    = 10000
	defaultFlushTimeout   = 5000 * time.Millisecond
	maxRecordSizeInBytes  = 400 * 1000
	defaultHTTPReadTimout = 6 * time.Minute
)

// knownOptions are the options Flink's DynamoDB sink reads. Others are
// accepted (Flink never rejects them) but logged.
var knownOptions = []string{
	optTableName, optRegion, optEndpoint, optTrustAll, optCredProvider,
	"aws.credentials.basic.accesskeyid", "aws.credentials.basic.secretkey",
	"aws.credentials.profile.path", "aws.credentials.profile.name",
	"aws.credentials.role.arn", "aws.credentials.role.sessionName", "aws.credentials.role.externalId",
	"aws.credentials.role.provider", "aws.credentials.role.stsEndpoint",
	"aws.credentials.webIdentityToken.file", "aws.credentials.custom.class",
	optMaxBatchSize, optMaxInFlight, optMaxBuffered, optFlushBufferSize, optFlushTimeout,
	optFailOnError, optIgnoreNulls, optHTTPConcurrency, optHTTPReadTimeout, optHTTPProtocol,
	optCreateTableDef, "sink.parallelism",
}

// sinkConfig is a table's parsed options.
type sinkConfig struct {
	sqlTable   string // the table's name in the SQL, for messages
	table      string // the DynamoDB table
	region     string
	endpoint   string
	maxBatch   int
	maxFlight  int
	maxBuffer  int
	flushAfter time.Duration
	failFast   bool
	ignoreNull bool
	// aws holds the 'aws.*' and 'sink.http-client.*' options under the
	// property names Flink's AWSGeneralUtil reads (AWSOptionUtils'
	// translation: "aws.credentials.basic.accesskeyid" becomes
	// "aws.credentials.provider.basic.accesskeyid").
	aws         map[string]string
	trustAll    bool
	httpConns   int
	httpTimeout time.Duration
	createDef   string
	// partitionKeys are the PARTITIONED BY columns (Flink's
	// overwriteByPartitionKeys); the sink also merges by the table's key.
	partitionKeys []string
	// deleteKeys are the PRIMARY KEY columns: a DeleteRequest's key.
	deleteKeys []string
	unknown    []string
}

// Factory builds DynamoDB sinks. The zero value is ready to use.
type Factory struct {
	// ClientOptions adjust every DynamoDB client the factory builds, after the
	// table's options are applied (tests add HTTP middleware this way).
	ClientOptions []func(*dynamodb.Options)
}

// Identifier implements connectors.Factory.
func (Factory) Identifier() string { return "dynamodb" }

// Options implements connectors.Factory. It makes the checks Flink makes
// when it creates the sink (required options, typed values, the async sink's
// bounds), so that they are reported while planning.
func (Factory) Options(t connectors.Table) (connectors.OptionSpec, error) {
	spec := connectors.OptionSpec{
		Required: []string{optTableName, optRegion},
		Optional: append([]string(nil), knownOptions[2:]...),
		// Flink's DynamoDB factory validates required and typed options only
		// (FactoryUtil.validateFactoryOptions), never unknown keys: the empty
		// prefix accepts them all.
		Prefixes: []string{awsPrefix, httpClientPrefix, ""},
	}
	if err := spec.Validate("dynamodb", t.Options); err != nil {
		return spec, err
	}
	_, err := parseOptions(t)
	return spec, err
}

func optionErr(msg string, keys ...string) error {
	return &connectors.OptionError{Message: msg, Keys: keys}
}

func parseErr(key, value string) error {
	return optionErr(fmt.Sprintf("Could not parse value '%s' for key '%s'.", value, key), key)
}

// regionPattern is AWSGeneralUtil.isValidRegion's.
var regionPattern = regexp.MustCompile(`^[a-z]+-([a-z]+[-]{0,1}[a-z]+-([0-9]|global)|global)$`)

// credentialProviders are AWSConfigConstants.CredentialProvider, in enum order.
var credentialProviders = []string{"ENV_VAR", "SYS_PROP", "PROFILE", "BASIC", "ASSUME_ROLE", "WEB_IDENTITY_TOKEN", "CUSTOM", "AUTO"}

// parseOptions reads and checks a table's options.
func parseOptions(t connectors.Table) (*sinkConfig, error) {
	o := t.Options
	c := &sinkConfig{
		sqlTable: t.Name, table: o[optTableName], region: o[optRegion], endpoint: o[optEndpoint],
		maxBatch: defaultMaxBatchSize, maxFlight: defaultMaxInFlight, maxBuffer: defaultMaxBuffered,
		flushAfter: defaultFlushTimeout, httpTimeout: defaultHTTPReadTimout, createDef: o[optCreateTableDef],
		aws: map[string]string{},
	}
	if c.table == "" {
		return nil, optionErr("Destination table name must be set when initializing the DynamoDB Sink.", optTableName)
	}
	if err := checkColumnTypes(t); err != nil {
		return nil, err
	}
	var err error
	positive := func(key, what string, dst *int) {
		v, ok := o[key]
		if !ok || err != nil {
			return
		}
		n, perr := strconv.ParseInt(strings.TrimSpace(v), 10, 32)
		switch {
		case perr != nil:
			err = parseErr(key, v)
		case n <= 0:
			err = optionErr(fmt.Sprintf("Invalid option %s. Must be a positive integer", what), key)
		default:
			*dst = int(n)
		}
	}
	positive(optMaxBatchSize, "batch size", &c.maxBatch)
	positive(optMaxBuffered, "maximum buffered requests", &c.maxBuffer)
	positive(optMaxInFlight, "maximum inflight requests", &c.maxFlight)
	if err != nil {
		return nil, err
	}
	if v, ok := o[optFlushBufferSize]; ok {
		n, perr := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
		if perr != nil {
			return nil, parseErr(optFlushBufferSize, v)
		}
		if n <= 0 {
			return nil, optionErr("Invalid option flush buffer size. Must be a positive integer", optFlushBufferSize)
		}
		if n < maxRecordSizeInBytes {
			return nil, optionErr("The maximum allowed size in bytes per flush must be greater than or equal to the maximum allowed size in bytes of a single record.", optFlushBufferSize)
		}
	}
	if v, ok := o[optFlushTimeout]; ok {
		n, perr := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
		if perr != nil {
			return nil, parseErr(optFlushTimeout, v)
		}
		if n <= 0 {
			return nil, optionErr("Invalid option buffer timeout. Must be a positive integer", optFlushTimeout)
		}
		c.flushAfter = time.Duration(n) * time.Millisecond
	}
	if c.maxBatch > maxDynamoBatchItems {
		return nil, optionErr("DynamoDB client supports only up to 25 elements in the batch.", optMaxBatchSize)
	}
	if c.maxBuffer <= c.maxBatch {
		return nil, optionErr("The maximum number of requests that may be buffered should be strictly greater than the maximum number of requests per batch.", optMaxBuffered, optMaxBatchSize)
	}
	if c.failFast, err = parseBool(o, optFailOnError); err != nil {
		return nil, err
	}
	if c.ignoreNull, err = parseBool(o, optIgnoreNulls); err != nil {
		return nil, err
	}
	if err := c.parseAWS(o); err != nil {
		return nil, err
	}
	if err := c.parseKeys(t); err != nil {
		return nil, err
	}
	known := map[string]bool{"connector": true}
	for _, k := range knownOptions {
		known[k] = true
	}
	for k := range o {
		if !known[k] && !strings.HasPrefix(k, "aws.credentials.") {
			c.unknown = append(c.unknown, k)
		}
	}
	sort.Strings(c.unknown)
	return c, nil
}

// parseBool reads a boolean as Flink's ConfigurationUtils.convertToBoolean.
func parseBool(o map[string]string, key string) (bool, error) {
	v, ok := o[key]
	if !ok {
		return false, nil
	}
	switch strings.ToLower(v) {
	case "true":
		return true, nil
	case "false":
		return false, nil
	}
	return false, parseErr(key, v)
}

// parseAWS checks the 'aws.*' and 'sink.http-client.*' options as
// AsyncClientOptionsUtils.getValidatedConfigurations does.
func (c *sinkConfig) parseAWS(o map[string]string) error {
	for k, v := range o {
		switch {
		case strings.HasPrefix(k, awsPrefix):
			if !strings.HasSuffix(k, "credentials.provider") {
				k = strings.Replace(k, "credentials.", "credentials.provider.", 1)
			}
			c.aws[k] = v
		case strings.HasPrefix(k, httpClientPrefix):
			c.aws[k] = v
		}
	}
	if !regionPattern.MatchString(c.region) {
		return optionErr(fmt.Sprintf("Invalid AWS region set in config: '%s'. Valid values look like us-east-1, eu-west-2 or ap-southeast-2.", c.region), optRegion)
	}
	if c.endpoint != "" {
		u, err := url.Parse(c.endpoint)
		if err != nil || u.Scheme == "" || u.Host == "" {
			return optionErr(fmt.Sprintf("Invalid value for option '%s': '%s' is not an absolute URL (e.g. http://localhost:8000).", optEndpoint, c.endpoint), optEndpoint)
		}
	}
	if p, ok := c.aws[optCredProvider]; ok && !contains(credentialProviders, p) {
		return optionErr("Invalid AWS Credential Provider Type set in config. Valid values are: "+strings.Join(credentialProviders, ", ")+", ", optCredProvider)
	}
	if providerType(c.aws, optCredProvider) == "BASIC" {
		if c.aws[optCredProvider+".basic.accesskeyid"] == "" || c.aws[optCredProvider+".basic.secretkey"] == "" {
			return optionErr("Please set values for AWS Access Key ID ('aws.credentials.provider.basic.accesskeyid') and Secret Key ('aws.credentials.provider.basic.secretkey') when using the BASIC AWS credential provider type.",
				"aws.credentials.basic.accesskeyid", "aws.credentials.basic.secretkey")
		}
	}
	var err error
	if c.trustAll, err = parseBool(o, optTrustAll); err != nil {
		return optionErr(fmt.Sprintf("Invalid %s value, must be a boolean.", optTrustAll), optTrustAll)
	}
	if v, ok := o[optHTTPConcurrency]; ok {
		n, perr := strconv.Atoi(strings.TrimSpace(v))
		if perr != nil || n <= 0 {
			return optionErr("Invalid value given for HTTP client max concurrency. Must be positive integer.", optHTTPConcurrency)
		}
		c.httpConns = n
	}
	if v, ok := o[optHTTPReadTimeout]; ok {
		n, perr := strconv.Atoi(strings.TrimSpace(v))
		if perr != nil || n <= 0 {
			return optionErr("Invalid value given for HTTP read timeout. Must be positive integer.", optHTTPReadTimeout)
		}
		c.httpTimeout = time.Duration(n) * time.Millisecond
	}
	if v, ok := o[optHTTPProtocol]; ok && v != "HTTP1_1" && v != "HTTP2" {
		return optionErr("Invalid value given for HTTP protocol. Must be HTTP1_1 or HTTP2.", optHTTPProtocol)
	}
	return nil
}

// providerType is AWSGeneralUtil.getCredentialProviderType: the explicit
// type, else BASIC when both keys are given, else AUTO.
func providerType(props map[string]string, prefix string) string {
	if p, ok := props[prefix]; ok {
		return p
	}
	if props[prefix+".basic.accesskeyid"] != "" && props[prefix+".basic.secretkey"] != "" {
		return "BASIC"
	}
	return "AUTO"
}

// parseKeys resolves the columns that de-duplicate a batch and the columns
// of a delete's key.
func (c *sinkConfig) parseKeys(t connectors.Table) error {
	for _, k := range append(append([]string(nil), t.PrimaryKey...), t.PartitionKeys...) {
		if t.Schema.Index(k) < 0 {
			return optionErr(fmt.Sprintf("Column '%s' of the key is not a physical column of table '%s'.", k, t.Name))
		}
	}
	if len(t.PrimaryKey) > 2 {
		return optionErr(fmt.Sprintf("The PRIMARY KEY of a DynamoDB table has a partition key and at most a sort key, but table '%s' declares %d columns: %s.",
			t.Name, len(t.PrimaryKey), strings.Join(t.PrimaryKey, ", ")))
	}
	c.deleteKeys = append([]string(nil), t.PrimaryKey...)
	c.partitionKeys = append([]string(nil), t.PartitionKeys...)
	return nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// checkColumnTypes refuses, at explain as at run, a column whose type the
// sink cannot convert to an attribute (attributeValue), rather than failing
// on the first row that reaches it.
func checkColumnTypes(t connectors.Table) error {
	for _, col := range t.Schema {
		switch col.Type.Kind {
		case types.KindNull, types.KindBoolean, types.KindTinyInt, types.KindSmallInt, types.KindInt, types.KindBigInt,
			types.KindFloat, types.KindDouble, types.KindDecimal, types.KindChar, types.KindVarchar,
			types.KindDate, types.KindTimestamp, types.KindTimestampLTZ, types.KindBytes:
		default:
			return fmt.Errorf("the dynamodb sink cannot write column '%s' of type %s yet", col.Name, col.Type)
		}
	}
	return nil
}
