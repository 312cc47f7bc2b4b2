CREATE TABLE src (a INT, b AS a + 1, c AS b + 1) WITH ('connector' = 'kafka', 'topic' = 't', 'properties.bootstrap.servers' = 'localhost:9092', 'format' = 'json', 'scan.startup.mode' = 'earliest-offset');
CREATE TABLE o (a INT, b INT, c INT) WITH ('connector' = 'print');
INSERT INTO o SELECT * FROM src;
