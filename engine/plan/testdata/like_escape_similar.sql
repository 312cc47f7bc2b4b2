CREATE TABLE a (k BIGINT, s STRING, ts TIMESTAMP(3)) WITH ('connector' = 'filesystem', 'path' = '/tmp/a', 'format' = 'json');
CREATE TABLE o (k BIGINT) WITH ('connector' = 'print');
INSERT INTO o SELECT k FROM a WHERE s LIKE 'a!%%' ESCAPE '!' OR s NOT LIKE '_b' OR s SIMILAR TO '(ab|cd)+';
