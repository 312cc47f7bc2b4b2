CREATE TABLE a (k BIGINT, s STRING, ts TIMESTAMP(3)) WITH ('connector' = 'filesystem', 'path' = '/tmp/a', 'format' = 'json');
CREATE TABLE o (d DATE, t TIME(0), ts TIMESTAMP(3), ym TIMESTAMP(3)) WITH ('connector' = 'print');
INSERT INTO o SELECT DATE '2024-02-29', TIME '12:34:56', ts + INTERVAL '1 02:03:04.5' DAY TO SECOND, ts - INTERVAL '1-6' YEAR TO MONTH FROM a;
