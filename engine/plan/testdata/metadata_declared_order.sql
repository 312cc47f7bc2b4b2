-- A query reads a table's columns in declared order, as Flink does: the
-- scan emits the metadata column last, a Calc puts it back in its place.
CREATE TABLE m (a INT, part INT METADATA FROM 'partition' VIRTUAL, b STRING) WITH ('connector' = 'kafka', 'topic' = 't', 'properties.bootstrap.servers' = 'localhost:9092', 'format' = 'json', 'scan.startup.mode' = 'earliest-offset');
CREATE TABLE o (a INT, part INT, b STRING) WITH ('connector' = 'print');
INSERT INTO o SELECT * FROM m;
