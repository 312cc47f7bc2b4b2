-- Real-time fraud detection: transactions of flagged accounts made after the
-- account was flagged go to the flagged-transactions topic.
--
-- This is Flink SQL. ${group.key} placeholders are filled from the property
-- groups of application_properties.json; `sluice render` prints the result,
-- which runs unchanged on Apache Flink (SQL client or Table API).

SET 'execution.checkpointing.interval' = '10 s';

CREATE TABLE ${consumer.config.0.table.name} (
    account_id BIGINT,
    flag_date TIMESTAMP(3)
) WITH (
    'connector' = 'kafka',
    'topic' = '${consumer.config.0.topic.name}',
    'properties.bootstrap.servers' = '${consumer.config.0.bootstrap.servers}',
    'properties.group.id' = 'flagged-account-source-group',
    'format' = 'json',
    'scan.startup.mode' = '${consumer.config.0.startup.mode}'
);

CREATE TABLE ${consumer.config.1.table.name} (
    account_id BIGINT,
    customer_id VARCHAR(15),
    merchant_type VARCHAR(8),
    transaction_id VARCHAR(16),
    transaction_type VARCHAR(20),
    transaction_amount DECIMAL(10,2),
    transaction_date TIMESTAMP(3)
) WITH (
    'connector' = 'kafka',
    'topic' = '${consumer.config.1.topic.name}',
    'properties.bootstrap.servers' = '${consumer.config.1.bootstrap.servers}',
    'properties.group.id' = 'transaction-source-group',
    'format' = 'json',
    'scan.startup.mode' = '${consumer.config.1.startup.mode}'
);

CREATE TABLE ${producer.config.0.table.name} (
    account_id BIGINT,
    customer_id VARCHAR(15),
    merchant_type VARCHAR(8),
    transaction_id VARCHAR(16),
    transaction_type VARCHAR(20),
    transaction_amount DECIMAL(10,2),
    transaction_date TIMESTAMP(3)
) WITH (
    'connector' = 'kafka',
    'topic' = '${producer.config.0.topic.name}',
    'properties.bootstrap.servers' = '${producer.config.0.bootstrap.servers}',
    'format' = 'json',
    'key.format' = 'json',
    'key.fields' = 'account_id;transaction_id',
    'properties.allow.auto.create.topics' = 'true'
);

-- The local print sink. Its connector is a property: 'print' on a laptop,
-- 'blackhole' where nobody reads stdout.
CREATE TABLE sink_print (
    account_id BIGINT,
    customer_id VARCHAR(15),
    merchant_type VARCHAR(8),
    transaction_id VARCHAR(16),
    transaction_type VARCHAR(20),
    transaction_amount DECIMAL(10,2),
    transaction_date TIMESTAMP(3)
) WITH (
    'connector' = 'print'
);

EXECUTE STATEMENT SET
BEGIN
    INSERT INTO ${producer.config.0.table.name}
        SELECT l.*
        FROM ${consumer.config.1.table.name} AS l
        JOIN ${consumer.config.0.table.name} AS r
            ON l.account_id = r.account_id
            AND l.transaction_date > r.flag_date;
    INSERT INTO sink_print
        SELECT l.*
        FROM ${consumer.config.1.table.name} AS l
        JOIN ${consumer.config.0.table.name} AS r
            ON l.account_id = r.account_id
            AND l.transaction_date > r.flag_date;
END;
