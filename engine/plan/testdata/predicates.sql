CREATE TABLE a (k BIGINT, s STRING, ts TIMESTAMP(3)) WITH ('connector' = 'filesystem', 'path' = '/tmp/a', 'format' = 'json');
CREATE TABLE o (k BIGINT) WITH ('connector' = 'print');
INSERT INTO o SELECT k FROM a WHERE k BETWEEN SYMMETRIC 10 AND 1 AND s IS DISTINCT FROM 'x' AND s IS NOT DISTINCT FROM s AND k IN (1, 2, 3) AND (k > 0) IS NOT UNKNOWN;
