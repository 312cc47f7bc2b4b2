CREATE TABLE a (k BIGINT, s STRING, ts TIMESTAMP(3)) WITH ('connector' = 'filesystem', 'path' = '/tmp/a', 'format' = 'json');
CREATE TABLE o (n INT, t STRING) WITH ('connector' = 'print');
INSERT INTO o SELECT CASE s WHEN 'a' THEN 1 WHEN 'b' THEN 2 ELSE 3 END, CASE WHEN k > 10 THEN 'big' WHEN k > 0 THEN 'small' END FROM a;
