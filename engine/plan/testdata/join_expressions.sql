CREATE TABLE n (id BIGINT, r ROW<x BIGINT, tag STRING>) WITH ('connector' = 'filesystem', 'path' = '/tmp/n', 'format' = 'json');
CREATE TABLE b (k BIGINT, s STRING) WITH ('connector' = 'filesystem', 'path' = '/tmp/b', 'format' = 'json');
CREATE TABLE o (id BIGINT, s STRING) WITH ('connector' = 'print');
INSERT INTO o SELECT n.id, UPPER(b.s) FROM n JOIN b ON n.id = b.k AND n.r.x = b.k + 1 AND LOWER(n.r.tag) = b.s;
