CREATE TABLE a (k BIGINT) WITH ('connector' = 'filesystem', 'path' = '/tmp/a', 'format' = 'json');
CREATE TABLE o (k BIGINT) WITH ('connector' = 'print');
CREATE DATABASE d2;
USE d2;
CREATE TABLE a (k BIGINT) WITH ('connector' = 'filesystem', 'path' = '/tmp/d2_a', 'format' = 'json');
CREATE VIEW v AS SELECT k FROM a WHERE k > 0;
USE default_database;
INSERT INTO o SELECT k FROM d2.v;
