CREATE TABLE src (a BIGINT) WITH (
    'connector' = 'kafka',
    'topic' = 't',
    'properties.bootstrap.servers' = 'localhost:29092',
    'format' = 'json',
    'scan.startup.mod' = 'earliest-offset'
);
CREATE TABLE dst (a BIGINT) WITH ('connector' = 'print');
INSERT INTO dst SELECT a FROM src;
