CREATE TABLE a (k BIGINT, s STRING) WITH ('connector' = 'filesystem', 'path' = '/tmp/a', 'format' = 'json');
CREATE TABLE o (arr ARRAY<INT>) WITH ('connector' = 'print');
INSERT INTO o SELECT ARRAY[s, 'x'] FROM a;
