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
    'format' = 'json',
    'scan.startup.mode' = 'earliest-offset'
);
CREATE TABLE flagged_accounts (
    account_id BIGINT,
    flag_date TIMESTAMP(3)
) WITH (
    'connector' = 'kafka',
    'topic' = 'flagged-accounts',
    'properties.bootstrap.servers' = 'localhost:29092',
    'format' = 'json',
    'scan.startup.mode' = 'earliest-offset'
);
CREATE TABLE out_print (
    account_id BIGINT,
    customer_id VARCHAR(15),
    merchant_type VARCHAR(8),
    transaction_id VARCHAR(16),
    transaction_type VARCHAR(20),
    transaction_amount DECIMAL(10,2),
    transaction_date TIMESTAMP(3)
) WITH ('connector' = 'print');

INSERT INTO out_print
SELECT l.* FROM transaction AS l;
