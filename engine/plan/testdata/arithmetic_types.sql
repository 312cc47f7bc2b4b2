CREATE TABLE a (k BIGINT, s STRING, ts TIMESTAMP(3)) WITH ('connector' = 'filesystem', 'path' = '/tmp/a', 'format' = 'json');
CREATE TABLE o (a BIGINT, b DECIMAL(23, 1), c DOUBLE, d BIGINT, e BIGINT) WITH ('connector' = 'print');
INSERT INTO o SELECT -k, k * 2.5, k / 2e0, k % 3, (k + 1) * (k - 1) FROM a;
