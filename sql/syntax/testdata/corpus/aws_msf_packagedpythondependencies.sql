-- Source: https://github.com/aws-samples/amazon-managed-service-for-apache-flink-examples/blob/main/python/PackagedPythonDependencies/main.py
-- License: MIT-0 (MIT No Attribution, Copyright Amazon.com, Inc. or its affiliates).
-- The SQL strings passed to execute_sql/add_insert_sql/sql_query (outside Python comments),
-- copied verbatim, each ended with ';'; f-string fields {x} are written as ${x} placeholders.

CREATE TABLE random_numbers (
                    seed_time TIMESTAMP(3),
                    element1 FLOAT,
                    element2 FLOAT,
                    element3 FLOAT,
                    element4 FLOAT
                )
                PARTITIONED BY (seed_time)
                WITH (
                    'connector' = 'datagen',
                    'rows-per-second' = '1',
                    'fields.element1.min' = '0',
                    'fields.element1.max' = '100',
                    'fields.element2.min' = '0',
                    'fields.element2.max' = '100',
                    'fields.element3.min' = '0',
                    'fields.element3.max' = '100',
                    'fields.element4.min' = '0',
                    'fields.element4.max' = '100'
                );

CREATE TEMPORARY VIEW determinants
            AS
            SELECT seed_time, 
                   element1, element2, element3, element4, 
                   determinant(element1, element2, element3, element4) AS determinant
            FROM random_numbers;

CREATE TABLE output (
                seed_time TIMESTAMP(3),
                element1 FLOAT,
                element2 FLOAT,
                element3 FLOAT,
                element4 FLOAT,
                determinant FLOAT
              )
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
            SELECT seed_time, element1, element2, element3, element4, determinant
                FROM determinants;
