-- Projection and WHERE with no exchange: the source's rows reach the sinks
-- as decoded, so TIMESTAMP(3) keeps the sub-millisecond digits the input has.
CREATE TABLE src (
    id INT,
    b BOOLEAN,
    bi BIGINT,
    d DOUBLE,
    amount DECIMAL(10, 2),
    s STRING,
    dt DATE,
    ts TIMESTAMP(3),
    ts6 TIMESTAMP(6),
    ltz TIMESTAMP_LTZ(3)
) WITH (
    'connector' = 'filesystem',
    'path' = '${case.dir}/src.jsonl',
    'format' = 'json'
);

CREATE TABLE all_print (
    id INT, b BOOLEAN, bi BIGINT, d DOUBLE, amount DECIMAL(10, 2), s STRING, dt DATE, ts TIMESTAMP(3), ts6 TIMESTAMP(6), ltz TIMESTAMP_LTZ(3)
) WITH ('connector' = 'print', 'print-identifier' = 'all');

CREATE TABLE all_json (
    id INT, b BOOLEAN, bi BIGINT, d DOUBLE, amount DECIMAL(10, 2), s STRING, dt DATE, ts TIMESTAMP(3), ts6 TIMESTAMP(6), ltz TIMESTAMP_LTZ(3)
) WITH ('connector' = 'filesystem', 'path' = '${case.out}/all_json', 'format' = 'json');

CREATE TABLE picked_print (ts TIMESTAMP(3), s STRING, id BIGINT, amount DECIMAL(12, 4))
WITH ('connector' = 'print', 'print-identifier' = 'picked');

CREATE TABLE picked_json (ts TIMESTAMP(3), s STRING, id BIGINT, amount DECIMAL(12, 4))
WITH ('connector' = 'filesystem', 'path' = '${case.out}/picked_json', 'format' = 'json');

CREATE TABLE where_print (id INT, s STRING)
WITH ('connector' = 'print', 'print-identifier' = 'where');

EXECUTE STATEMENT SET
BEGIN
    INSERT INTO all_print SELECT * FROM src;
    INSERT INTO all_json SELECT * FROM src;
    INSERT INTO picked_print SELECT ts, s, id, amount FROM src WHERE id > 2 AND s IS NOT NULL;
    INSERT INTO picked_json SELECT ts, s, id, amount FROM src WHERE id > 2 AND s IS NOT NULL;
    INSERT INTO where_print SELECT id, s FROM src
        WHERE (d >= 2.5 OR amount < 0) AND NOT b IS FALSE AND s IN ('a', 'b', 'c', 'e') AND dt <> '2023-08-11';
END;
