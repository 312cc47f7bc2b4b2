CREATE TABLE a (k BIGINT, s STRING, n INT) WITH ('connector' = 'filesystem', 'path' = '/tmp/a', 'format' = 'json');
CREATE TABLE b (k BIGINT, s VARCHAR(3), n BIGINT) WITH ('connector' = 'filesystem', 'path' = '/tmp/b', 'format' = 'json');
CREATE TABLE o (k BIGINT, s STRING, n BIGINT) WITH ('connector' = 'print');
INSERT INTO o
SELECT k, s, n FROM a WHERE k > 0
UNION ALL
SELECT k, s, n FROM b
UNION ALL
(SELECT k, 'x', 1 FROM a WHERE k < 0);
