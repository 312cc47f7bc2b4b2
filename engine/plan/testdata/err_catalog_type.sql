CREATE TABLE a (k BIGINT) WITH ('connector' = 'filesystem', 'path' = '/tmp/a', 'format' = 'json');
CREATE CATALOG h WITH ('type' = 'hive', 'hive-conf-dir' = '/etc/hive');
