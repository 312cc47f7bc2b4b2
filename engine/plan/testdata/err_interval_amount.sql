CREATE TABLE a (k BIGINT, s STRING, ts TIMESTAMP(3)) WITH ('connector' = 'filesystem', 'path' = '/tmp/a', 'format' = 'json');
CREATE TABLE o (ts TIMESTAMP(3)) WITH ('connector' = 'print');
INSERT INTO o SELECT ts + INTERVAL k SECOND FROM a;
