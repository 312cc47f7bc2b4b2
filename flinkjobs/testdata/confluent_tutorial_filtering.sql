-- Source: https://github.com/confluentinc/kafka-tutorials/tree/6225e7c1957911520391c7fe0e857138638714fe/_includes/tutorials/filtering/flinksql
-- License: Apache-2.0 (Copyright Confluent, Inc.). The tutorial's Flink SQL client steps, in the order
-- of _data/harnesses/filtering/flinksql.yml, each file copied verbatim:
--   code/tutorial-steps/dev/create-all-publications.sql
--   code/tutorial-steps/dev/populate-publication-events.sql
--   code/tutorial-steps/dev/transient-query.sql
--   code/tutorial-steps/dev/create-publications-by-author.sql
--   code/tutorial-steps/dev/populate-publications-by-author.sql

-- code/tutorial-steps/dev/create-all-publications.sql
CREATE TABLE publication_events (
    book_id INT,
    author STRING,
    title STRING    
) WITH (
    'connector' = 'kafka',
    'topic' = 'publication_events',
    'properties.bootstrap.servers' = 'broker:9092',
    'scan.startup.mode' = 'earliest-offset',
    'key.format' = 'raw',
    'key.fields' = 'book_id',
    'value.format' = 'json',
    'value.fields-include' = 'EXCEPT_KEY'
);
-- code/tutorial-steps/dev/populate-publication-events.sql
INSERT INTO publication_events VALUES
    (0, 'C.S. Lewis',          'The Silver Chair'),
    (1, 'George R. R. Martin', 'A Song of Ice and Fire'),
    (2, 'C.S. Lewis',          'Perelandra'),
    (3, 'George R. R. Martin', 'Fire & Blood'),
    (4, 'J. R. R. Tolkien',    'The Hobbit'),
    (5, 'J. R. R. Tolkien',    'The Lord of the Rings'),
    (6, 'George R. R. Martin', 'A Dream of Spring'),
    (7, 'J. R. R. Tolkien',    'The Fellowship of the Ring'),
    (8, 'George R. R. Martin', 'The Ice Dragon'),
    (9, 'Mario Puzo',          'The Godfather');
-- code/tutorial-steps/dev/transient-query.sql
SELECT * FROM publication_events WHERE author = 'George R. R. Martin' ;
-- code/tutorial-steps/dev/create-publications-by-author.sql
CREATE TABLE george_martin_books (
    book_id INT,
    title STRING
) WITH (
    'connector' = 'kafka',
    'topic' = 'george_martin_books',
    'properties.bootstrap.servers' = 'broker:9092',
    'scan.startup.mode' = 'earliest-offset',
    'key.format' = 'raw',
    'key.fields' = 'book_id',
    'value.format' = 'json',
    'value.fields-include' = 'EXCEPT_KEY'
);
-- code/tutorial-steps/dev/populate-publications-by-author.sql
INSERT INTO george_martin_books
SELECT
      book_id,
      title      
FROM publication_events
WHERE author = 'George R. R. Martin';
