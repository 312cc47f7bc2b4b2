CREATE TABLE a (k BIGINT, s STRING, ts TIMESTAMP(3)) WITH ('connector' = 'filesystem', 'path' = '/tmp/a', 'format' = 'json');
CREATE TABLE o (a STRING, b STRING, c STRING, d INT, e STRING, f STRING, g STRING) WITH ('connector' = 'print');
INSERT INTO o SELECT UPPER(s), CONCAT(s, '-', CAST(k AS STRING)), SUBSTRING(s FROM 2 FOR 3), POSITION('x' IN s), TRIM(LEADING 'a' FROM s), REGEXP_EXTRACT(s, '([a-z]+)', 1), LPAD(s, 5, '*') FROM a;
