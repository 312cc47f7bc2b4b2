CREATE TABLE o (id BIGINT, name STRING, score DECIMAL(5, 2)) WITH ('connector' = 'print');
-- Each column takes its rows' common type: INT, VARCHAR(3), DECIMAL(3, 1);
-- the INSERT then casts to the sink's types.
INSERT INTO o VALUES (1, 'ann', 2.5), (2, 'bo', 10), (3, CAST(NULL AS STRING), CAST(NULL AS DECIMAL(3, 1)));
