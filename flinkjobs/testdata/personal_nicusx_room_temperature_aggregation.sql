-- Source: https://github.com/nicusX/flink-sql-local-playground/blob/2af05c0c7f4d08933974899512788b14026bee90/sql-examples/basic-room-temperature.md
-- License: MIT (Copyright (c) 2025 Lorenzo Nicora). The second SQL block (the windowed aggregation job), copied verbatim.

-- Kafka source table
CREATE TABLE temperature_kafkasource (
  room_id      INT,
  sensor_id    INT,
  sensor_key   STRING,
  temperature  DOUBLE,
  event_time   TIMESTAMP(3),
  WATERMARK FOR event_time AS event_time - INTERVAL '5' SECOND
) WITH (
  'connector' = 'kafka',
  'topic' = 'temperature_samples',
  'properties.bootstrap.servers' = 'kafka:9092',

  'scan.startup.mode' = 'latest-offset',

  -- Key matches what you wrote earlier
  'key.format' = 'raw',
  'key.fields' = 'sensor_key',

  -- Value is Avro with Confluent Schema Registry
  'value.format' = 'avro-confluent',
  'value.avro-confluent.url' = 'http://schemaregistry:8082',
  'value.fields-include' = 'ALL'
);

-- Aggregation view
CREATE VIEW room_temperature_10s AS
SELECT
  room_id,
  CAST(room_id AS STRING) AS room_key,
  window_start,
  window_end,
  AVG(temperature) AS avg_temperature
FROM TABLE(
  TUMBLE(
    TABLE temperature_kafkasource,
    DESCRIPTOR(event_time),
    INTERVAL '10' SECOND
  )
)
GROUP BY
  room_id,
  window_start,
  window_end;

-- Sink kafka table
CREATE TABLE room_temperatures_kafkasink (
  room_id         INT,
  room_key        STRING,
  window_start    TIMESTAMP(3),
  window_end      TIMESTAMP(3),
  avg_temperature DOUBLE
) WITH (
  'connector' = 'kafka',
  'topic' = 'room_temperatures',
  'properties.bootstrap.servers' = 'kafka:9092',

  -- Use room_key as Kafka key, encoded as UTF-8 string
  'key.format' = 'raw',
  'key.fields' = 'room_key',

  -- Value as Avro with Confluent Schema Registry
  'value.format' = 'avro-confluent',
  'value.avro-confluent.url' = 'http://schemaregistry:8082',
  'value.fields-include' = 'EXCEPT_KEY',

  -- Required in Flink 2.x: unique transactional ID prefix for exactly-once semantics
  'sink.transactional-id-prefix' = 'room-temperatures-sink'
);

-- Start job
INSERT INTO room_temperatures_kafkasink
SELECT *
FROM room_temperature_10s;
