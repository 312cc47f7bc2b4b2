CREATE TABLE src (
    a BIGINT,
    m STRING METADATA FROM 'nonsense'
) WITH ('connector' = 'kafka', 'topic' = 't', 'properties.bootstrap.servers' = 'localhost:29092', 'scan.startup.mode' = 'earliest-offset', 'format' = 'json');
CREATE TABLE sink (a BIGINT) WITH ('connector' = 'print');
INSERT INTO sink SELECT a FROM src;
