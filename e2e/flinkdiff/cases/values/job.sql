-- VALUES as a source: each column has its rows' common type (INT and
-- DECIMAL(2, 1) make DECIMAL(11, 1); CHAR(3) and CHAR(2) make VARCHAR(3)),
-- and the INSERT casts it to the sink's types.
CREATE TABLE typed_print (id BIGINT, name STRING, score DECIMAL(5, 2), d DOUBLE)
WITH ('connector' = 'print', 'print-identifier' = 'typed');

CREATE TABLE typed_json (id BIGINT, name STRING, score DECIMAL(5, 2), d DOUBLE)
WITH ('connector' = 'filesystem', 'path' = '${case.out}/typed_json', 'format' = 'json');

CREATE TABLE derived_print (n INT, s STRING, ok BOOLEAN)
WITH ('connector' = 'print', 'print-identifier' = 'derived');

EXECUTE STATEMENT SET
BEGIN
    INSERT INTO typed_print VALUES (1, 'ann', 2.5, 1), (2, 'bo', 10, 2.5), (3, CAST(NULL AS STRING), CAST(NULL AS DECIMAL(3, 1)), CAST(NULL AS DOUBLE));
    INSERT INTO typed_json VALUES (1, 'ann', 2.5, 1), (2, 'bo', 10, 2.5), (3, CAST(NULL AS STRING), CAST(NULL AS DECIMAL(3, 1)), CAST(NULL AS DOUBLE));
    INSERT INTO derived_print SELECT a * 10, b || '!', c FROM (VALUES (1, 'x', TRUE), (2, 'yz', FALSE), (3, 'w', CAST(NULL AS BOOLEAN))) AS v(a, b, c) WHERE a > 1;
END;
