CREATE TABLE src (a INT, b AS a + 1, c STRING) WITH ('connector' = 'kafka', 'topic' = 't', 'properties.bootstrap.servers' = 'localhost:9092', 'format' = 'json', 'scan.startup.mode' = 'earliest-offset');
CREATE TABLE o (a INT, b INT, c STRING) WITH ('connector' = 'print');
CREATE TABLE into_computed (a INT, doubled AS a * 2, c STRING) WITH ('connector' = 'kafka', 'topic' = 't', 'properties.bootstrap.servers' = 'localhost:9092', 'format' = 'json', 'scan.startup.mode' = 'earliest-offset');
INSERT INTO o SELECT * FROM src;
INSERT INTO into_computed SELECT a, c FROM src;
INSERT INTO into_computed (c, a) SELECT c, b FROM src;
