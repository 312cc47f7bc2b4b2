CREATE TABLE a (k BIGINT, s STRING, ts TIMESTAMP(3)) WITH ('connector' = 'filesystem', 'path' = '/tmp/a', 'format' = 'json');
CREATE TABLE o (d DATE) WITH ('connector' = 'print');
INSERT INTO o SELECT DATE '2024-13-45' FROM a;
