CREATE TABLE a (k BIGINT, s STRING) WITH ('connector' = 'filesystem', 'path' = '/tmp/a', 'format' = 'json');
CREATE TABLE b (k BIGINT, s STRING) WITH ('connector' = 'filesystem', 'path' = '/tmp/b', 'format' = 'json');
CREATE TABLE o (k BIGINT, s STRING) WITH ('connector' = 'print');
INSERT INTO o WITH x AS (SELECT k, s FROM a), x AS (SELECT k, s FROM b) SELECT k, s FROM x;
