CREATE TABLE a (k BIGINT) WITH ('connector' = 'filesystem', 'path' = '/tmp/a', 'format' = 'json');
USE staging;
