CREATE TABLE a (k BIGINT, s STRING, ts TIMESTAMP(3)) WITH ('connector' = 'filesystem', 'path' = '/tmp/a', 'format' = 'json');
CREATE TABLE o (t STRING) WITH ('connector' = 'print');
INSERT INTO o SELECT CASE WHEN k > 0 THEN s ELSE ts END FROM a;
