CREATE TABLE a (k BIGINT) WITH ('connector' = 'filesystem', 'path' = '/tmp/a', 'format' = 'json');
CREATE TABLE o (k BIGINT) WITH ('connector' = 'print');
INSERT INTO o SELECT k FROM b;
CREATE TABLE b (k BIGINT) WITH ('connector' = 'filesystem', 'path' = '/tmp/b', 'format' = 'json');
