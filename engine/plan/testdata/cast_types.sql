CREATE TABLE a (k BIGINT, s STRING, ts TIMESTAMP(3)) WITH ('connector' = 'filesystem', 'path' = '/tmp/a', 'format' = 'json');
CREATE TABLE o (i INT, d DECIMAL(10, 2), t STRING, x DOUBLE, dt DATE, l TIMESTAMP_LTZ(3)) WITH ('connector' = 'print');
INSERT INTO o SELECT CAST(s AS INT), CAST(k AS DECIMAL(10, 2)), CAST(ts AS STRING), CAST(k AS DOUBLE), CAST(ts AS DATE), CAST(ts AS TIMESTAMP_LTZ(3)) FROM a;
