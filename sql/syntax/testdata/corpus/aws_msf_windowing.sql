-- Source: https://github.com/aws-samples/amazon-managed-service-for-apache-flink-examples/blob/main/python/Windowing/main.py
-- License: MIT-0 (MIT No Attribution, Copyright Amazon.com, Inc. or its affiliates).
-- The SQL strings passed to execute_sql/add_insert_sql/sql_query (outside Python comments),
-- copied verbatim, each ended with ';'; f-string fields {x} are written as ${x} placeholders.

CREATE TABLE sensor_readings (
                sensor_id INT,
                temperature NUMERIC(6,2),
                measurement_time TIMESTAMP(3),
                proc_time AS PROCTIME(),
                WATERMARK FOR measurement_time AS measurement_time - INTERVAL '5' SECOND
              )
              PARTITIONED BY (sensor_id)
              WITH (
                'connector' = 'datagen',
                'fields.sensor_id.min' = '10',
                'fields.sensor_id.max' = '20',
                'fields.temperature.min' = '0',
                'fields.temperature.max' = '100'
              );

CREATE TABLE tumbling_proc_time_out (
                sensor_id INT,
                avg_temp NUMERIC(6,2),
                window_end TIMESTAMP_LTZ(3) NOT NULL
              )
              PARTITIONED BY (sensor_id)
              WITH (
                'connector' = 'kinesis',
                'stream' = '${tumbling_windows_proc_time_output_stream_name}',
                'aws.region' = '${tumbling_windows_proc_time_output_stream_region}',
                'format' = 'json',
                'json.timestamp-format.standard' = 'ISO-8601'
              );

INSERT INTO tumbling_proc_time_out
            SELECT 
                sensor_id, 
                AVG(temperature) AS avg_temp, 
                TUMBLE_END(proc_time, INTERVAL '10' SECONDS) AS window_end
            FROM sensor_readings
            GROUP BY TUMBLE(proc_time, INTERVAL '10' SECONDS), sensor_id;

CREATE TABLE tumbling_event_time_out (
                sensor_id INT,
                avg_temp NUMERIC(6,2),
                window_end TIMESTAMP_LTZ(3) NOT NULL
              )
              PARTITIONED BY (sensor_id)
              WITH (
                'connector' = 'kinesis',
                'stream' = '${tumbling_windows_event_time_output_stream_name}',
                'aws.region' = '${tumbling_windows_event_time_output_stream_region}',
                'format' = 'json',
                'json.timestamp-format.standard' = 'ISO-8601'
              );

INSERT INTO tumbling_event_time_out
            SELECT 
                sensor_id, 
                AVG(temperature) AS avg_temp, 
                TUMBLE_END(measurement_time, INTERVAL '10' SECONDS) AS window_end
            FROM sensor_readings
            GROUP BY TUMBLE(measurement_time, INTERVAL '10' SECONDS), sensor_id;

CREATE TABLE sliding_proc_time_out (
                sensor_id INT,
                avg_temp NUMERIC(6,2),
                window_end TIMESTAMP_LTZ(3) NOT NULL
              )
              PARTITIONED BY (sensor_id)
              WITH (
                'connector' = 'kinesis',
                'stream' = '${sliding_windows_proc_time_output_stream_name}',
                'aws.region' = '${sliding_windows_proc_time_output_stream_region}',
                'format' = 'json',
                'json.timestamp-format.standard' = 'ISO-8601'
              );

INSERT INTO sliding_proc_time_out
            SELECT 
                sensor_id, 
                AVG(temperature) AS avg_temp, 
                HOP_END(proc_time, INTERVAL '2' SECONDS, INTERVAL '10' SECONDS) AS window_end
            FROM sensor_readings
            GROUP BY HOP(proc_time, INTERVAL '2' SECONDS, INTERVAL '10' SECONDS), sensor_id;

CREATE TABLE sliding_event_time_out (
                sensor_id INT,
                avg_temp NUMERIC(6,2),
                window_end TIMESTAMP_LTZ(3) NOT NULL
              )
              PARTITIONED BY (sensor_id)
              WITH (
                'connector' = 'kinesis',
                'stream' = '${sliding_windows_event_time_output_stream_name}',
                'aws.region' = '${sliding_windows_event_time_output_stream_region}',
                'format' = 'json',
                'json.timestamp-format.standard' = 'ISO-8601'
              );

INSERT INTO sliding_event_time_out
            SELECT 
                sensor_id, 
                AVG(temperature) AS avg_temp, 
                HOP_END(measurement_time, INTERVAL '2' SECONDS, INTERVAL '10' SECONDS) AS window_end
            FROM sensor_readings
            GROUP BY HOP(measurement_time, INTERVAL '2' SECONDS, INTERVAL '10' SECONDS), sensor_id;
