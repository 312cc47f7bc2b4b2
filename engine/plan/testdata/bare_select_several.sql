CREATE TABLE a (k BIGINT, s STRING, ts TIMESTAMP(3)) WITH ('connector' = 'filesystem', 'path' = '/tmp/a', 'format' = 'json');
CREATE TABLE o (k BIGINT) WITH ('connector' = 'print');
-- Both queries and the INSERT run in one job; the scan of a is shared.
SELECT k, UPPER(s) AS u
FROM a WHERE k > 1;
INSERT INTO o SELECT k FROM a;
select s from a;
