-- Source: https://github.com/confluentinc/flink-cookbook/blob/7649438df7a9ea5cba973fc6b754c14bfc22f805/compiled-plan/src/main/java/io/confluent/developer/cookbook/flink/CompiledPlanRecipe.java
-- License: Apache-2.0 (Copyright Confluent, Inc.). The job's SQL strings (transactionsDDL with
-- TRANSACTION_TOPIC filled in, printSinkDDL, streamingDeduplication), copied verbatim, each ended
-- with ';'; the table.exec.state.ttl the Java code sets on the TableConfig is written as a SET.

SET 'table.exec.state.ttl' = '60000';

CREATE TABLE Transactions (
  t_time TIMESTAMP_LTZ(3),
  t_id BIGINT,
  t_customer_id BIGINT,
  t_amount DECIMAL
) WITH (
  'connector' = 'kafka',
  'topic' = 'transactions',
  'properties.bootstrap.servers' = 'localhost:9092',
  'scan.startup.mode' = 'earliest-offset',
  'format' = 'json',
  'json.timestamp-format.standard' = 'ISO-8601'
);

CREATE TABLE print_sink (
  t_id BIGINT,
  t_customer_id BIGINT,
  t_amount DECIMAL(5, 2)
) WITH (
  'connector' = 'print'
);

INSERT INTO print_sink
SELECT t_id, t_customer_id, t_amount
FROM (
  SELECT *,
  ROW_NUMBER() OVER (PARTITION BY t_id ORDER BY t_time ASC) AS row_num
  FROM Transactions
) WHERE row_num = 1;
