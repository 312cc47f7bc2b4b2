CREATE TABLE o (id BIGINT, name STRING) WITH ('connector' = 'print');
INSERT INTO o SELECT * FROM (VALUES (1, 'a')) AS v(a);
