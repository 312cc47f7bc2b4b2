-- Real-time fraud detection: transactions of flagged accounts made after the
-- account was flagged go to the flagged-transactions topic.
--
-- This is Flink SQL. ${group.key} placeholders are filled from the property
-- groups of application_properties.json; `sluice render` prints the result,
-- which runs unchanged on Apache Flink (SQL client or Table API).

SET 'execution.checkpointing.interval' = '10 s';

CREATE TABLE flagged_accounts (
    account_id BIGINT,
    flag_date TIMESTAMP(3)
) WITH (
    'connector' = 'kafka',
    'topic' = 'flagged-accounts',
    'properties.bootstrap.servers' = 'localhost:29092',
    'properties.group.id' = 'flagged-account-source-group',
    'format' = 'json',
    'scan.startup.mode' = 'earliest-offset'
);

CREATE TABLE transactions (
    account_id BIGINT,
    customer_id VARCHAR(15),
    merchant_type VARCHAR(8),
    transaction_id VARCHAR(16),
    transaction_type VARCHAR(20),
    transaction_amount DECIMAL(10,2),
    transaction_date TIMESTAMP(3)
) WITH (
    'connector' = 'kafka',
    'topic' = 'transactions',
    'properties.bootstrap.servers' = 'localhost:29092',
    'properties.group.id' = 'transaction-source-group',
    'format' = 'json',
    'scan.startup.mode' = 'earliest-offset'
);

CREATE TABLE flagged_transactions (
    account_id BIGINT,
    customer_id VARCHAR(15),
    merchant_type VARCHAR(8),
    transaction_id VARCHAR(16),
    transaction_type VARCHAR(20),
    transaction_amount DECIMAL(10,2),
    transaction_date TIMESTAMP(3)
) WITH (
    'connector' = 'kafka',
    'topic' = 'flagged-transactions',
    'properties.bootstrap.servers' = 'localhost:29092',
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
    INSERT INTO flagged_transactions
        SELECT l.*
        FROM transactions AS l
        JOIN flagged_accounts AS r
            ON l.account_id = r.account_id
            AND l.transaction_date > r.flag_date;
    INSERT INTO sink_print
        SELECT l.*
        FROM transactions AS l
        JOIN flagged_accounts AS r
            ON l.account_id = r.account_id
            AND l.transaction_date > r.flag_date;
END;
