CREATE TABLE n (id BIGINT, arr ARRAY<INT>) WITH ('connector' = 'filesystem', 'path' = '/tmp/n', 'format' = 'json');
CREATE TABLE o (e INT) WITH ('connector' = 'print');
INSERT INTO o SELECT arr['x'] FROM n;
