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
// PARTITIONED BY columns (Flink's overwriteByPartitionKeys) de-duplicate the
// items of one batch: the last write of a key wins. Without PARTITIONED BY
// the PRIMARY KEY columns are used, as Flink does since FLINK-35500.
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
