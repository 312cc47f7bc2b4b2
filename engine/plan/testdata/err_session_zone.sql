SET 'table.local-time-zone' = 'PST';
CREATE TABLE a (k BIGINT, s STRING, ts TIMESTAMP(3)) WITH ('connector' = 'filesystem', 'path' = '/tmp/a', 'format' = 'json');
CREATE TABLE o (ts TIMESTAMP_LTZ(3)) WITH ('connector' = 'print');
INSERT INTO o SELECT CAST(ts AS TIMESTAMP_LTZ(3)) FROM a;
