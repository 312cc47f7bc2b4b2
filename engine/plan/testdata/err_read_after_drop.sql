CREATE TABLE a (k BIGINT) WITH ('connector' = 'filesystem', 'path' = '/tmp/a', 'format' = 'json');
CREATE TABLE o (k BIGINT) WITH ('connector' = 'print');
DROP TABLE a;
INSERT INTO o SELECT k FROM a;
