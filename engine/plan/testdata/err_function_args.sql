CREATE TABLE a (k BIGINT, s STRING, ts TIMESTAMP(3)) WITH ('connector' = 'filesystem', 'path' = '/tmp/a', 'format' = 'json');
CREATE TABLE o (s STRING) WITH ('connector' = 'print');
INSERT INTO o SELECT UPPER(k) FROM a;
