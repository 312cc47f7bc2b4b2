CREATE TABLE a (k BIGINT, s STRING, ts TIMESTAMP(3)) WITH ('connector' = 'filesystem', 'path' = '/tmp/a', 'format' = 'json');
CREATE TABLE o (y BIGINT) WITH ('connector' = 'print');
INSERT INTO o SELECT EXTRACT(YEAR FROM s) FROM a;
