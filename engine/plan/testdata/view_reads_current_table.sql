CREATE TABLE a (k BIGINT) WITH ('connector' = 'filesystem', 'path' = '/tmp/a', 'format' = 'json');
CREATE TABLE o (k BIGINT) WITH ('connector' = 'print');
CREATE VIEW v AS SELECT k FROM a WHERE k > 0;
DROP TABLE a;
CREATE TABLE a (k BIGINT) WITH ('connector' = 'filesystem', 'path' = '/tmp/a_new', 'format' = 'json');
INSERT INTO o SELECT k FROM v;
