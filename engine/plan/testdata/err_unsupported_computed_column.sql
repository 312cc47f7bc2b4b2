CREATE TABLE a (k BIGINT, k2 AS k + 1) WITH ('connector' = 'filesystem', 'path' = '/tmp/a', 'format' = 'json');
CREATE TABLE o (k BIGINT) WITH ('connector' = 'print');
INSERT INTO o SELECT k FROM a;
