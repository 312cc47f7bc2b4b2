CREATE TABLE p (n INT, s STRING) WITH ('connector' = 'print');
-- Flink 1.20: "Illegal use of 'NULL'" even though the other row has a type.
INSERT INTO p SELECT a, b FROM (VALUES (1, NULL), (2, 'x')) AS v(a, b);
