CREATE TABLE src (a INT, b AS a + nope) WITH ('connector' = 'kafka', 'topic' = 't', 'properties.bootstrap.servers' = 'localhost:9092', 'format' = 'json', 'scan.startup.mode' = 'earliest-offset');
CREATE TABLE o (a INT, b INT) WITH ('connector' = 'print');
INSERT INTO o SELECT * FROM src;
