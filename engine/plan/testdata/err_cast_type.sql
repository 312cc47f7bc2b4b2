CREATE TABLE a (k BIGINT, s STRING, ts TIMESTAMP(3)) WITH ('connector' = 'filesystem', 'path' = '/tmp/a', 'format' = 'json');
CREATE TABLE o (b BOOLEAN) WITH ('connector' = 'print');
INSERT INTO o SELECT CAST(ts AS BOOLEAN) FROM a;
