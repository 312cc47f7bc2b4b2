-- Source: https://github.com/aws-samples/amazon-managed-service-for-apache-flink-examples/blob/main/python/S3Sink/main.py
-- License: MIT-0 (MIT No Attribution, Copyright Amazon.com, Inc. or its affiliates).
-- The SQL strings passed to execute_sql/add_insert_sql/sql_query (outside Python comments),
-- copied verbatim, each ended with ';'; f-string fields {x} are written as ${x} placeholders.

CREATE TABLE sensor_readings (
                sensor_id INT,
                temperature NUMERIC(6,2),
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

CREATE TABLE sensors_out (
                sensor_id INT NOT NULL,
                temperature NUMERIC(6,2) NOT NULL,
                `time` TIMESTAMP_LTZ(3) NOT NULL
            )
            PARTITIONED BY (sensor_id)
            WITH (
                  'connector'='filesystem',
                  'path'='s3a://${s3_bucket_name}/pyflink-filesink-example-output/',
                  'format'='json',
                  'json.timestamp-format.standard' = 'ISO-8601',
                  'sink.partition-commit.policy.kind'='success-file',
                  'sink.partition-commit.delay' = '1 min'
            );

INSERT INTO sensors_out 
            SELECT sensor_id, temperature, measurement_time as `time` 
            FROM sensor_readings;
