CREATE TABLE a (k BIGINT, s STRING, ts TIMESTAMP(3)) WITH ('connector' = 'filesystem', 'path' = '/tmp/a', 'format' = 'json');
CREATE TABLE o (k BIGINT, ts TIMESTAMP_LTZ(3)) WITH ('connector' = 'print');
INSERT INTO o SELECT k, ts FROM a;
