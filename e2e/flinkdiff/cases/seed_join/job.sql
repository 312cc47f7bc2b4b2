-- The seed job (processor.sql) with its Kafka tables replaced by filesystem
-- tables of the same schema: the flagged-accounts join over timestamps with
-- 0-9 fraction digits, equal and same-millisecond.
SET 'execution.checkpointing.interval' = '10 s';

CREATE TABLE flagged_accounts (
    account_id BIGINT,
    flag_date TIMESTAMP(3)
) WITH (
    'connector' = 'filesystem',
    'path' = '${case.dir}/flagged_accounts.jsonl',
    'format' = 'json'
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
    'connector' = 'filesystem',
    'path' = '${case.dir}/transactions.jsonl',
    'format' = 'json'
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
    'connector' = 'filesystem',
    'path' = '${case.out}/flagged_transactions',
    'format' = 'json'
);

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
