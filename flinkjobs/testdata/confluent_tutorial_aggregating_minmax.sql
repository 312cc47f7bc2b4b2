-- Source: https://github.com/confluentinc/kafka-tutorials/tree/6225e7c1957911520391c7fe0e857138638714fe/_includes/tutorials/aggregating-minmax/flinksql
-- License: Apache-2.0 (Copyright Confluent, Inc.). The tutorial's Flink SQL client steps, in the order
-- of _data/harnesses/aggregating-minmax/flinksql.yml, each file copied verbatim:
--   code/tutorial-steps/dev/create-movie-sales.sql
--   code/tutorial-steps/dev/populate-movie-sales.sql
--   code/tutorial-steps/dev/transient-query.sql
--   code/tutorial-steps/dev/create-movie-sales-by-year.sql
--   code/tutorial-steps/dev/populate-movie-sales-by-year.sql

-- code/tutorial-steps/dev/create-movie-sales.sql
CREATE TABLE movie_sales (
    id INT,
    title STRING,
    release_year INT,
    total_sales INT
) WITH (
    'connector' = 'kafka',
    'topic' = 'movie-sales',
    'properties.bootstrap.servers' = 'broker:9092',
    'scan.startup.mode' = 'earliest-offset',
    'key.format' = 'raw',
    'key.fields' = 'id',
    'value.format' = 'avro-confluent',
    'value.avro-confluent.url' = 'http://schema-registry:8081',
    'value.fields-include' = 'EXCEPT_KEY'
);

-- code/tutorial-steps/dev/populate-movie-sales.sql
INSERT INTO movie_sales VALUES
    (0, 'Avengers: Endgame', 2019, 856980506),
    (1, 'Captain Marvel', 2019, 426829839),
    (2, 'Toy Story 4', 2019, 401486230),
    (3, 'The Lion King', 2019, 385082142),
    (4, 'Black Panther', 2018, 700059566),
    (5, 'Avengers: Infinity War', 2018, 678815482),
    (6, 'Deadpool 2', 2018, 324512774),
    (7, 'Beauty and the Beast', 2017, 517218368),
    (8, 'Wonder Woman', 2017, 412563408),
    (9, 'Star Wars Ep. VIII: The Last Jedi', 2017, 517218368);

-- code/tutorial-steps/dev/transient-query.sql
SELECT
    release_year,
    MIN(total_sales) AS min_total_sales,
    MAX(total_sales) AS max_total_sales
FROM movie_sales
GROUP BY release_year;

-- code/tutorial-steps/dev/create-movie-sales-by-year.sql
CREATE TABLE movie_sales_by_year (
    release_year INT,
    min_total_sales INT,
    max_total_sales INT,
    PRIMARY KEY (release_year) NOT ENFORCED
) WITH (
    'connector' = 'upsert-kafka',
    'topic' = 'movie-sales-by-year',
    'properties.bootstrap.servers' = 'broker:9092',
    'key.format' = 'raw',
    'value.format' = 'avro-confluent',
    'value.avro-confluent.url' = 'http://schema-registry:8081',
    'value.fields-include' = 'EXCEPT_KEY'
);

-- code/tutorial-steps/dev/populate-movie-sales-by-year.sql
INSERT INTO movie_sales_by_year
SELECT
    release_year,
    MIN(total_sales) AS min_total_sales,
    MAX(total_sales) AS max_total_sales
FROM movie_sales
GROUP BY release_year;

