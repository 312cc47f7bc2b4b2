-- A computed column is an ordinary column to the operators above the scan:
-- here it is a join key on both sides, and read through a view.
CREATE TABLE l (id BIGINT, code STRING, norm AS LOWER(TRIM(code))) WITH ('connector' = 'kafka', 'topic' = 't', 'properties.bootstrap.servers' = 'localhost:9092', 'format' = 'json', 'scan.startup.mode' = 'earliest-offset');
CREATE TABLE r (rid BIGINT, label STRING, norm AS LOWER(label), seen AS PROCTIME()) WITH ('connector' = 'kafka', 'topic' = 't', 'properties.bootstrap.servers' = 'localhost:9092', 'format' = 'json', 'scan.startup.mode' = 'earliest-offset');
CREATE VIEW rv AS SELECT norm, rid, seen FROM r WHERE rid > 0;
CREATE TABLE o (id BIGINT, rid BIGINT, norm STRING, seen TIMESTAMP_LTZ(3)) WITH ('connector' = 'print');
INSERT INTO o SELECT l.id, rv.rid, l.norm, rv.seen FROM l JOIN rv ON l.norm = rv.norm;
