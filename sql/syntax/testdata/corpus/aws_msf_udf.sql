-- Source: https://github.com/aws-samples/amazon-managed-service-for-apache-flink-examples/blob/main/python/UDF/main.py
-- License: MIT-0 (MIT No Attribution, Copyright Amazon.com, Inc. or its affiliates).
-- The SQL strings passed to execute_sql/add_insert_sql/sql_query (outside Python comments),
-- copied verbatim, each ended with ';'; f-string fields {x} are written as ${x} placeholders.

CREATE TABLE sensor_readings (
                sensor_id INT,
                temperature DOUBLE,
                measurement_time TIMESTAMP(3)
              )
              PARTITIONED BY (sensor_id)
              WITH (
                'connector' = 'datagen',
                'fields.sensor_id.min' = '10',
                'fields.sensor_id.max' = '20',
                'fields.temperature.min' = '0',
                'fields.temperature.max' = '100'
              );

CREATE TEMPORARY VIEW sensor_readings_fahrenheit 
            AS 
            SELECT sensor_id, celsius_to_fahrenheit(temperature) AS temperature_f, measurement_time 
            FROM sensor_readings;

CREATE TABLE output (
                sensor_id INT,
                temperature_f DOUBLE,
                measurement_time TIMESTAMP(3)
              )
              PARTITIONED BY (sensor_id)
              WITH (
                'connector' = 'kinesis',
                'stream' = '${output_stream_name}',
                'aws.region' = '${output_stream_region}',
                'sink.partitioner-field-delimiter' = ';',
                'sink.batch.max-size' = '100',
                'format' = 'json',
                'json.timestamp-format.standard' = 'ISO-8601'
              );

INSERT INTO output 
            SELECT sensor_id, temperature_f, measurement_time 
                FROM sensor_readings_fahrenheit;
