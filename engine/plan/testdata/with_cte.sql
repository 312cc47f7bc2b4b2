CREATE TABLE a (k BIGINT, s STRING) WITH ('connector' = 'filesystem', 'path' = '/tmp/a', 'format' = 'json');
CREATE TABLE b (k BIGINT, s STRING) WITH ('connector' = 'filesystem', 'path' = '/tmp/b', 'format' = 'json');
CREATE TABLE o (k BIGINT, s STRING) WITH ('connector' = 'print');
INSERT INTO o
WITH big AS (SELECT k, s FROM a WHERE k > 10),
     named AS (SELECT k, s FROM big WHERE s IS NOT NULL),
     b AS (SELECT k, s FROM b WHERE k < 5)
SELECT n.k, b.s FROM named AS n JOIN b ON n.k = b.k;
INSERT INTO o SELECT k, s FROM (WITH x AS (SELECT k, s FROM a) SELECT k, s FROM x WHERE k = 1) AS q;
