-- Source: https://github.com/streamshub/flink-sql-examples/blob/ae4c74b714e6102702fcd9a5333e7f8e53a2c51d/docs/interactive-etl/_index.md
-- License: Apache-2.0 (the StreamsHub project).
-- The tutorial's SQL blocks, in order, copied verbatim; a ';' was added where a block ended without one.
-- Left out: the CREATE TABLE template with <placeholders>.

CREATE TABLE SalesRecordTable ( 
    invoice_id STRING, 
    user_id STRING, 
    product_id STRING, 
    quantity STRING, 
    unit_cost STRING, 
    `purchase_time` TIMESTAMP(3) METADATA FROM 'timestamp', 
    WATERMARK FOR purchase_time AS purchase_time - INTERVAL '1' SECOND 
) WITH ( 
    'connector' = 'kafka',
    'topic' = 'flink.sales.records', 
    'properties.bootstrap.servers' = 'my-cluster-kafka-bootstrap.flink.svc:9092', 
    'properties.group.id' = 'sales-record-group', 
    'value.format' = 'avro-confluent', 
    'value.avro-confluent.url' = 'http://apicurio-registry-service.flink.svc:8080/apis/ccompat/v6', 
    'scan.startup.mode' = 'latest-offset'
);

SELECT * 
FROM SalesRecordTable;

SELECT 
    DISTINCT(user_id), 
    quantity 
FROM SalesRecordTable 
WHERE quantity >= 3;

SELECT 
    DISTINCT(product_id), 
    unit_cost, 
    quantity 
FROM SalesRecordTable 
WHERE 
    quantity >= 3 AND unit_cost > 500;

SELECT 
    DISTINCT(product_id), cost_gbp, quantity 
FROM (
    SELECT 
        product_id, 
        CAST(TRIM(LEADING '£' from unit_cost) AS INT) AS cost_gbp, 
        quantity 
    FROM SalesRecordTable
) 
WHERE quantity >= 3 AND cost_gbp > 500;

CREATE TEMPORARY VIEW CleanedSalesRecords ( 
    invoice_id, 
    user_id, 
    product_id, 
    quantity, 
    unit_cost_gbp, 
    purchase_time
) AS (
    SELECT 
        invoice_id, 
        user_id,
        product_id,
        CAST(quantity AS INT), 
        CAST(TRIM(LEADING '£' from unit_cost) AS INT), 
        purchase_time
    FROM SalesRecordTable
);

SELECT 
    DISTINCT(product_id), 
    unit_cost_gbp, 
    quantity 
FROM CleanedSalesRecords
WHERE 
    quantity >= 3 AND unit_cost_gbp > 500;

CREATE TABLE CleanedSalesRecordTable ( 
    invoice_id STRING, 
    user_id STRING, 
    product_id STRING, 
    quantity INT, 
    unit_cost_gbp INT, 
    purchase_time TIMESTAMP(3),
    PRIMARY KEY (`user_id`) NOT ENFORCED
) WITH ( 
    'connector' = 'upsert-kafka', 
    'topic' = 'flink.cleaned.sales.records.interactive', 
    'properties.bootstrap.servers' = 'my-cluster-kafka-bootstrap.flink.svc:9092', 
    'properties.client.id' = 'sql-cleaning-client', 
    'properties.transaction.timeout.ms' = '800000', 
    'key.format' = 'csv', 
    'value.format' = 'csv', 
    'value.fields-include' = 'ALL' 
);

INSERT INTO CleanedSalesRecordTable
SELECT 
    invoice_id, 
    user_id,
    product_id,
    CAST(quantity AS INT), 
    CAST(TRIM(LEADING '£' from unit_cost) AS INT), 
    purchase_time
FROM SalesRecordTable;
