-- Source: https://github.com/confluentinc/kafka-tutorials/tree/6225e7c1957911520391c7fe0e857138638714fe/_includes/tutorials/hopping-windows/flinksql
-- License: Apache-2.0 (Copyright Confluent, Inc.). The tutorial's Flink SQL client steps, in the order
-- of _data/harnesses/hopping-windows/flinksql.yml, each file copied verbatim:
--   code/tutorial-steps/dev/create-temperature-readings.sql
--   code/tutorial-steps/dev/populate-temperature-readings.sql
--   code/tutorial-steps/dev/transient-query-temperature-by-10min-window.sql
--   code/tutorial-steps/dev/create-temperature-by-10min-window.sql
--   code/tutorial-steps/dev/populate-temperature-by-10min-window.sql

-- code/tutorial-steps/dev/create-temperature-readings.sql
CREATE TABLE temperature_readings (
    sensor_id INT,
    temperature DOUBLE,
    ts TIMESTAMP(3),
    -- declare ts as event time attribute and use strictly ascending timestamp watermark strategy
    WATERMARK FOR ts AS ts
) WITH (
    'connector' = 'kafka',
    'topic' = 'temperature-readings',
    'properties.bootstrap.servers' = 'broker:9092',
    'scan.startup.mode' = 'earliest-offset',
    'key.format' = 'raw',
    'key.fields' = 'sensor_id',
    'value.format' = 'avro-confluent',
    'value.avro-confluent.url' = 'http://schema-registry:8081',
    'value.fields-include' = 'EXCEPT_KEY'
);

-- code/tutorial-steps/dev/populate-temperature-readings.sql
INSERT INTO temperature_readings VALUES
    (0, 55, TO_TIMESTAMP('2023-01-15 02:15:30')),
    (0, 50, TO_TIMESTAMP('2023-01-15 02:20:30')),
    (0, 45, TO_TIMESTAMP('2023-01-15 02:25:30')),
    (0, 40, TO_TIMESTAMP('2023-01-15 02:30:30')),
    (0, 45, TO_TIMESTAMP('2023-01-15 02:35:30')),
    (0, 50, TO_TIMESTAMP('2023-01-15 02:40:30')),
    (0, 55, TO_TIMESTAMP('2023-01-15 02:45:30')),
    (0, 60, TO_TIMESTAMP('2023-01-15 02:50:30'));

-- code/tutorial-steps/dev/transient-query-temperature-by-10min-window.sql
SELECT sensor_id,
    AVG(temperature) AS avg_temperature,
    window_start,
    window_end
FROM TABLE(HOP(TABLE temperature_readings, DESCRIPTOR(ts), INTERVAL '5' MINUTES, INTERVAL '10' MINUTES))
GROUP BY sensor_id, window_start, window_end;

-- code/tutorial-steps/dev/create-temperature-by-10min-window.sql
CREATE TABLE temperature_by_10min_window (
    sensor_id INT,
    avg_temperature DOUBLE,
    window_start TIMESTAMP(3),
    window_end TIMESTAMP(3)
) WITH (
    'connector' = 'kafka',
    'topic' = 'temperature-by-10min-window',
    'properties.bootstrap.servers' = 'broker:9092',
    'scan.startup.mode' = 'earliest-offset',
    'key.format' = 'avro-confluent',
    'key.avro-confluent.url' = 'http://schema-registry:8081',
    'key.fields' = 'sensor_id;window_start;window_end',
    'value.format' = 'avro-confluent',
    'value.avro-confluent.url' = 'http://schema-registry:8081',
    'value.fields-include' = 'ALL'
); 
-- code/tutorial-steps/dev/populate-temperature-by-10min-window.sql
INSERT INTO temperature_by_10min_window
    SELECT sensor_id,
        AVG(temperature) AS avg_temperature,
        window_start,
        window_end
    FROM TABLE(HOP(TABLE temperature_readings, DESCRIPTOR(ts), INTERVAL '5' MINUTES, INTERVAL '10' MINUTES))
    GROUP BY sensor_id, window_start, window_end;

