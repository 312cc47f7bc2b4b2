CREATE TABLE a (k BIGINT, s STRING, ts TIMESTAMP(3)) WITH ('connector' = 'filesystem', 'path' = '/tmp/a', 'format' = 'json');
CREATE TABLE o (a INT, b BIGINT, c BIGINT, d STRING, e BOOLEAN) WITH ('connector' = 'print');
INSERT INTO o SELECT CAST(NULL AS INT), COALESCE(NULL, k), CASE WHEN k > 0 THEN NULL ELSE -k END, IF(k > 0, s, NULL), NULL IS NULL FROM a;
