// Package dynamodb is the 'dynamodb' sink: Flink's DynamoDB SQL connector
// (apache/flink-connector-aws, DynamoDbDynamicSinkFactory) on aws-sdk-go-v2.
//
// # Options
//
// As Flink: 'table-name' and 'aws.region' are required; 'aws.endpoint',
// 'aws.credentials.*' (provider AUTO by default: the default AWS chain of
// environment, shared profile, web identity, container and instance
// credentials), 'aws.trust.all.certificates', 'sink.batch.max-size' (25, at
// most 25), 'sink.requests.max-inflight' (50), 'sink.requests.max-buffered'
// (10000), 'sink.flush-buffer.size' (accepted and validated, but without
// effect: Flink's DynamoDB writer counts every record as 0 bytes),
// 'sink.flush-buffer.timeout' (5000 ms), 'sink.fail-on-error' (false),
// 'sink.ignore-nulls' (false) and 'sink.http-client.*'. Like Flink's factory,
// which never calls the helper's validate(), unknown options are accepted;
// Sluice logs a warning naming them.
//
// Sluice adds 'sink.create-table.definition': the path of a CreateTable JSON
// document (the shape `aws dynamodb create-table --cli-input-json` reads, see
// EnsureTable). When set, the sink creates the table with its indexes at
// start unless it exists, and checks the key schema of an existing table.
//
// # Rows and items
//
// Each column becomes an attribute of the same name, converted as Flink's
// RowDataToAttributeValueConverter does through the AWS enhanced client's
// default converters: CHAR/VARCHAR → S; TINYINT…BIGINT, FLOAT, DOUBLE and
// DECIMAL → N in Java's toString form (DECIMAL keeps its scale: "12.50");
// BOOLEAN → BOOL; DATE → S "2023-08-10"; TIMESTAMP → S in LocalDateTime's
// toString form ("2023-08-10T12:34:56.123", "2023-08-10T12:34" when seconds
// and fraction are zero); TIMESTAMP_LTZ → S "…Z"; BYTES → B; NULL → NUL
// (omitted with 'sink.ignore-nulls'). NaN and infinite floats fail the job, as
// the Java converters reject them.
//
// +I and +U rows are PutRequests; -D rows are DeleteRequests whose key holds
// only the PRIMARY KEY columns (FLINK-35500: a delete without a declared
// primary key fails the job, since DynamoDB rejects a key that carries other
// attributes); -U rows are skipped, Flink's upsert sinks never receive them.
//
// # Writing
//
// Rows are buffered and sent as BatchWriteItem requests of at most
// 'sink.batch.max-size' items, up to 'sink.requests.max-inflight' at once. A
// batch is sent when it is full, when the oldest buffered row is
// 'sink.flush-buffer.timeout' old, and on Flush (the engine's checkpoints)
// and Close, which return once everything written before is acknowledged.
// Write blocks while 'sink.requests.max-buffered' rows wait to be sent.
//
// At start the sink reads the table's key schema with DescribeTable (so it
// needs dynamodb:DescribeTable). A missing table, or a key attribute that is
// no column of the SQL table or that the column's type would write as
// another attribute type, fails the start with a message saying so; a row
// whose key attribute is NULL or empty fails the job naming the row.
//
// DynamoDB rejects a whole BatchWriteItem that names one item twice
// ("Provided list of item keys contains duplicates"), which the seed's join
// produces whenever an account is flagged twice. So the rows of one item key
// within a batch are merged, with or without PRIMARY KEY: the last write
// wins, as DynamoDB keeps the last of writes sent one by one, in the position
// of the first. Merged rows are counted (SinkStats.Merged,
// sluice_sink_merged_rows_total). PARTITIONED BY columns (Flink's
// overwriteByPartitionKeys) merge first, as in Flink.
//
// Failures are classified as Flink's DynamoDbSinkWriter does. Unprocessed
// items are always retried. ValidationException, ResourceNotFoundException,
// ConditionalCheckFailedException, credential and client-side errors fail the
// job whatever 'sink.fail-on-error' says. Any other failure (throttling,
// 5xx, network) fails the job when 'sink.fail-on-error' is true and is retried
// otherwise. Where Flink re-queues failed entries at once and slows down by
// shrinking its in-flight window, Sluice retries after an exponential backoff
// with jitter; nothing is dropped. As in Flink, concurrent batches are not
// ordered with respect to each other.
package dynamodb
