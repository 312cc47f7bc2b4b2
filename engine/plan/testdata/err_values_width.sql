CREATE TABLE o (id BIGINT, name STRING) WITH ('connector' = 'print');
INSERT INTO o VALUES (1, 'a'), (2);
