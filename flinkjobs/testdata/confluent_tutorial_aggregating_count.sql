-- Source: https://github.com/confluentinc/kafka-tutorials/tree/6225e7c1957911520391c7fe0e857138638714fe/_includes/tutorials/aggregating-count/flinksql
-- License: Apache-2.0 (Copyright Confluent, Inc.). The tutorial's Flink SQL client steps, in the order
-- of _data/harnesses/aggregating-count/flinksql.yml, each file copied verbatim:
--   code/tutorial-steps/dev/create-movie-ticket-sales.sql
--   code/tutorial-steps/dev/populate-movie-ticket-sales.sql
--   code/tutorial-steps/dev/transient-query.sql
--   code/tutorial-steps/dev/create-movie-sales-by-title.sql
--   code/tutorial-steps/dev/populate-movie-sales-by-title.sql

-- code/tutorial-steps/dev/create-movie-ticket-sales.sql
CREATE TABLE movie_ticket_sales (
    title STRING,
    sales_ts STRING,
    total_ticket_value INT
) WITH (
    'connector' = 'kafka',
    'topic' = 'movie-ticket-sales',
    'properties.bootstrap.servers' = 'broker:9092',
    'scan.startup.mode' = 'earliest-offset',
    'key.format' = 'raw',
    'key.fields' = 'title',
    'value.format' = 'avro-confluent',
    'value.avro-confluent.url' = 'http://schema-registry:8081',
    'value.fields-include' = 'EXCEPT_KEY'
);

-- code/tutorial-steps/dev/populate-movie-ticket-sales.sql
INSERT INTO movie_ticket_sales VALUES
    ('Aliens', '2019-07-18T10:00:00Z', 10),
    ('Die Hard', '2019-07-18T10:00:00Z', 12),
    ('Die Hard', '2019-07-18T10:01:00Z', 12),
    ('The Godfather', '2019-07-18T10:01:31Z', 12),
    ('Die Hard', '2019-07-18T10:01:36Z', 24),
    ('The Godfather', '2019-07-18T10:02:00Z', 18),
    ('The Big Lebowski', '2019-07-18T11:03:21Z', 12),
    ('The Big Lebowski', '2019-07-18T11:03:50Z', 12),
    ('The Godfather', '2019-07-18T11:40:00Z', 36),
    ('The Godfather', '2019-07-18T11:40:09Z', 18);

-- code/tutorial-steps/dev/transient-query.sql
SELECT title,
       COUNT(total_ticket_value) AS tickets_sold
FROM movie_ticket_sales
GROUP BY title;

-- code/tutorial-steps/dev/create-movie-sales-by-title.sql
CREATE TABLE movie_ticket_sales_by_title (
    title STRING,
    tickets_sold BIGINT,
    PRIMARY KEY (title) NOT ENFORCED
) WITH (
    'connector' = 'upsert-kafka',
    'topic' = 'movie-ticket-sales-by-title',
    'properties.bootstrap.servers' = 'broker:9092',
    'key.format' = 'raw',
    'value.format' = 'avro-confluent',
    'value.avro-confluent.url' = 'http://schema-registry:8081',
    'value.fields-include' = 'EXCEPT_KEY'
);

-- code/tutorial-steps/dev/populate-movie-sales-by-title.sql
INSERT INTO movie_ticket_sales_by_title
SELECT title,
       COUNT(total_ticket_value) AS tickets_sold
FROM movie_ticket_sales
GROUP BY title;


