CREATE TABLE o (id BIGINT, name STRING) WITH ('connector' = 'print');
INSERT INTO o SELECT a * 10, UPPER(b) FROM (VALUES (1, 'x'), (2, 'yz')) AS v(a, b) WHERE a > 1;
SELECT * FROM (VALUES (CAST(1 AS BIGINT), TRUE)) AS t(n, ok);
