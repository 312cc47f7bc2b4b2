-- Source: https://github.com/aws-samples/amazon-managed-service-for-apache-flink-examples/blob/main/python/PythonDependencies/main.py
-- License: MIT-0 (MIT No Attribution, Copyright Amazon.com, Inc. or its affiliates).
-- The SQL strings passed to execute_sql/add_insert_sql/sql_query (outside Python comments),
-- copied verbatim, each ended with ';'; f-string fields {x} are written as ${x} placeholders.

CREATE TABLE random_numbers (
                    seed_time TIMESTAMP(3),
                    a_number INT
                  )
                  WITH (
                    'connector' = 'datagen',
                    'rows-per-second' = '1',
                    'fields.a_number.min' = '0',
                    'fields.a_number.max' = '100'
                  );

CREATE TEMPORARY VIEW fun_facts
            AS
            SELECT seed_time, a_number, ask_bedrock_for_fun_fact(a_number) AS fun_fact
            FROM random_numbers;

CREATE TABLE output (
                seed_time TIMESTAMP(3),
                a_number INT,
                fun_fact STRING
              )
              PARTITIONED BY (a_number)
              WITH (
                'connector' = 'kinesis',
                'stream' = '${output_stream_name}',
                'aws.region' = '${output_stream_region}',
                'sink.partitioner-field-delimiter' = ';',
                'sink.batch.max-size' = '5',
                'format' = 'json',
                'json.timestamp-format.standard' = 'ISO-8601'
              );

INSERT INTO output
            SELECT seed_time, a_number, fun_fact
                FROM fun_facts;
