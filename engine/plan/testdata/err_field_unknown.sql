CREATE TABLE n (id BIGINT, r ROW<x INT>) WITH ('connector' = 'filesystem', 'path' = '/tmp/n', 'format' = 'json');
CREATE TABLE o (e INT) WITH ('connector' = 'print');
INSERT INTO o SELECT r.nope FROM n;
