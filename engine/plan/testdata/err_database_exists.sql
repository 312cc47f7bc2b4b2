CREATE TABLE a (k BIGINT) WITH ('connector' = 'filesystem', 'path' = '/tmp/a', 'format' = 'json');
CREATE DATABASE default_database;
