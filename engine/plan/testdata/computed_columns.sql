CREATE TABLE orders (
    id BIGINT,
    price DECIMAL(10, 2),
    qty INT,
    total AS price * qty,
    id_text AS CAST(id AS STRING),
    label AS UPPER(CONCAT('o-', CAST(id AS STRING))),
    proc_time AS PROCTIME()
) WITH ('connector' = 'kafka', 'topic' = 't', 'properties.bootstrap.servers' = 'localhost:9092', 'format' = 'json', 'scan.startup.mode' = 'earliest-offset');
CREATE TABLE o (id BIGINT, total DECIMAL(21, 2), id_text STRING, label STRING, proc_time TIMESTAMP_LTZ(3)) WITH ('connector' = 'print');
INSERT INTO o SELECT id, total, id_text, label, proc_time FROM orders WHERE total > 10;
