CREATE TABLE a (k BIGINT, s STRING) WITH ('connector' = 'filesystem', 'path' = '/tmp/a', 'format' = 'json');
SELECT k, x FROM a;
