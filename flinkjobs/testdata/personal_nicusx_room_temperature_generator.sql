-- Source: https://github.com/nicusX/flink-sql-local-playground/blob/2af05c0c7f4d08933974899512788b14026bee90/sql-examples/basic-room-temperature.md
-- License: MIT (Copyright (c) 2025 Lorenzo Nicora). The first SQL block (the data generator job), copied verbatim.

-- Datagen source table
CREATE TABLE temperature_datagen (
  room_id     INT,
  sensor_id   INT,
  temperature DOUBLE,
  -- computed column: current timestamp when the row is produced
  event_time  AS LOCALTIMESTAMP,
  -- optional watermark if you care about event-time operations later
  WATERMARK FOR event_time AS event_time - INTERVAL '5' SECOND
) WITH (
  'connector' = 'datagen',

  -- how fast to generate rows
  'rows-per-second' = '10',

  -- room_id: random integer [0, 9]
  'fields.room_id.kind' = 'random',
  'fields.room_id.min'  = '0',
  'fields.room_id.max'  = '9',

  -- sensor_id: random integer [0, 50]
  'fields.sensor_id.kind' = 'random',
  'fields.sensor_id.min'  = '0',
  'fields.sensor_id.max'  = '50',

  -- temperature: random double [18.0, 22.0]
  'fields.temperature.kind' = 'random',
  'fields.temperature.min'  = '18.0',
  'fields.temperature.max'  = '22.0'
);

-- Kafka sink table
CREATE TABLE temperature_kafkasink (
  room_id     INT,
  sensor_id   INT,
  sensor_key  STRING,
  temperature DOUBLE,
  event_time  TIMESTAMP(3)
) WITH (
  'connector' = 'kafka',
  'topic' = 'temperature_samples',
  'properties.bootstrap.servers' = 'kafka:9092',

  -- Use sensor_id as Kafka key, encoded as raw UTF-8 string
  'key.format' = 'raw',
  'key.fields' = 'sensor_key',

  -- Kafka value: Avro with Confluent Schema Registry
  'value.format' = 'avro-confluent',
  'value.avro-confluent.url' = 'http://schemaregistry:8082',
  'value.fields-include' = 'EXCEPT_KEY',

  -- Required in Flink 2.x: unique transactional ID prefix for exactly-once semantics
  'sink.transactional-id-prefix' = 'temperature-samples-sink'
);

-- Start job
INSERT INTO temperature_kafkasink
SELECT
  room_id,
  sensor_id,
  CAST(sensor_id AS STRING) AS sensor_key,
  temperature,
  event_time
FROM temperature_datagen;
