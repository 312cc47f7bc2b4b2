-- Source: https://github.com/confluentinc/kafka-tutorials/tree/6225e7c1957911520391c7fe0e857138638714fe/_includes/tutorials/cumulating-windows/flinksql
-- License: Apache-2.0 (Copyright Confluent, Inc.). The tutorial's Flink SQL client steps, in the order
-- of _data/harnesses/cumulating-windows/flinksql.yml, each file copied verbatim:
--   code/tutorial-steps/dev/create-orders.sql
--   code/tutorial-steps/dev/populate-orders.sql
--   code/tutorial-steps/dev/transient-query-revenue-per-hour-cumulating.sql
--   code/tutorial-steps/dev/create-revenue-per-hour-cumulating.sql
--   code/tutorial-steps/dev/populate-revenue-per-hour-cumulating.sql

-- code/tutorial-steps/dev/create-orders.sql
CREATE TABLE orders (
    order_id INT,
    item_id INT,
    quantity INT,
    unit_price DOUBLE,
    ts TIMESTAMP(3),
    -- declare ts as event time attribute and use strictly ascending timestamp watermark strategy
    WATERMARK FOR ts AS ts
) WITH (
    'connector' = 'kafka',
    'topic' = 'orders',
    'properties.bootstrap.servers' = 'broker:9092',
    'scan.startup.mode' = 'earliest-offset',
    'key.format' = 'raw',
    'key.fields' = 'order_id',
    'value.format' = 'avro-confluent',
    'value.avro-confluent.url' = 'http://schema-registry:8081',
    'value.fields-include' = 'ALL'
);

-- code/tutorial-steps/dev/populate-orders.sql
INSERT INTO orders VALUES
    (0, 100, 2, 6.98, TO_TIMESTAMP('2023-01-15 02:02:30')),
    (1, 102, 2, 9.99, TO_TIMESTAMP('2023-01-15 02:08:00')),
    (2, 102, 1, 9.99, TO_TIMESTAMP('2023-01-15 02:19:30')),
    (3, 203, 1, 8.10, TO_TIMESTAMP('2023-01-15 02:22:30')),
    (4, 192, 3, 6.19, TO_TIMESTAMP('2023-01-15 02:23:20')),
    (5, 100, 3, 6.98, TO_TIMESTAMP('2023-01-15 02:25:30')),
    (6, 100, 2, 6.98, TO_TIMESTAMP('2023-01-15 02:25:49')),
    (7, 632, 4, 8.00, TO_TIMESTAMP('2023-01-15 02:34:30'));

-- code/tutorial-steps/dev/transient-query-revenue-per-hour-cumulating.sql
SELECT ROUND(SUM(quantity * unit_price), 2) AS revenue,
    window_start,
    window_end
FROM TABLE(CUMULATE(TABLE orders, DESCRIPTOR(ts), INTERVAL '5' MINUTES, INTERVAL '10' MINUTES))
GROUP BY window_start, window_end;

-- code/tutorial-steps/dev/create-revenue-per-hour-cumulating.sql
CREATE TABLE revenue_per_hour_cumulating (
    revenue DOUBLE,
    window_start TIMESTAMP(3),
    window_end TIMESTAMP(3)
) WITH (
    'connector' = 'kafka',
    'topic' = 'revenue-per-hour-cumulating',
    'properties.bootstrap.servers' = 'broker:9092',
    'scan.startup.mode' = 'earliest-offset',
    'key.format' = 'avro-confluent',
    'key.avro-confluent.url' = 'http://schema-registry:8081',
    'key.fields' = 'window_start;window_end',
    'value.format' = 'avro-confluent',
    'value.avro-confluent.url' = 'http://schema-registry:8081',
    'value.fields-include' = 'ALL'
);

-- code/tutorial-steps/dev/populate-revenue-per-hour-cumulating.sql
INSERT INTO revenue_per_hour_cumulating
    SELECT ROUND(SUM(quantity * unit_price), 2) AS revenue,
        window_start,
        window_end
    FROM TABLE(CUMULATE(TABLE orders, DESCRIPTOR(ts), INTERVAL '5' MINUTES, INTERVAL '10' MINUTES))
    GROUP BY window_start, window_end;

