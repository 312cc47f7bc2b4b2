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

-- the same join written with WHERE, and a filter on one side pushed below it
INSERT INTO out_print
SELECT t.* FROM transactions t, flagged_accounts f
WHERE t.account_id = f.account_id AND t.transaction_date > f.flag_date AND t.merchant_type = 'Online';
