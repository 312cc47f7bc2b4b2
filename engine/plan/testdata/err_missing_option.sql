CREATE TABLE src (a BIGINT) WITH (
    'connector' = 'kafka',
    'properties.bootstrap.servers' = 'localhost:29092',
    'format' = 'json'
);
CREATE TABLE dst (a BIGINT) WITH ('connector' = 'print');
INSERT INTO dst SELECT a FROM src;
