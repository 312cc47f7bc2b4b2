-- The session time zone (SET 'table.local-time-zone') in casts between
-- TIMESTAMP and TIMESTAMP_LTZ, the implicit TIMESTAMP -> TIMESTAMP_LTZ cast
-- on INSERT, nested constructors with element access, and JSON functions.
SET 'table.local-time-zone' = 'Asia/Shanghai';

CREATE TABLE src (id INT, bi BIGINT, ts TIMESTAMP(3), ltz TIMESTAMP_LTZ(3), doc STRING) WITH (
    'connector' = 'filesystem',
    'path' = '${case.dir}/src.jsonl',
    'format' = 'json'
);

CREATE TABLE zone_print (id INT, implicit_ltz TIMESTAMP_LTZ(3), cast_ltz TIMESTAMP_LTZ(3), back TIMESTAMP(3), ltz_text STRING, from_epoch TIMESTAMP_LTZ(3), fmt STRING, unix_text STRING)
WITH ('connector' = 'print', 'print-identifier' = 'zone');

CREATE TABLE zone_json (id INT, implicit_ltz TIMESTAMP_LTZ(3), back TIMESTAMP(3))
WITH ('connector' = 'filesystem', 'path' = '${case.out}/zone_json', 'format' = 'json');

CREATE TABLE nested_print (id INT, first_elem INT, map_val INT, card INT, second_elem BIGINT)
WITH ('connector' = 'print', 'print-identifier' = 'nested');

CREATE TABLE values_print (id INT, arr ARRAY<BIGINT>, m MAP<STRING, INT>, r ROW<a INT, b STRING>, nested ARRAY<ROW<k STRING, v DOUBLE>>)
WITH ('connector' = 'print', 'print-identifier' = 'values');

CREATE TABLE json_print (id INT, a STRING, n INT, arr STRING, obj STRING, built STRING, key_order STRING)
WITH ('connector' = 'print', 'print-identifier' = 'json');

INSERT INTO zone_print SELECT id, ts, CAST(ts AS TIMESTAMP_LTZ(3)), CAST(ltz AS TIMESTAMP(3)), CAST(ltz AS STRING),
    TO_TIMESTAMP_LTZ(bi, 0), DATE_FORMAT(ltz, 'yyyy-MM-dd HH:mm:ss'), FROM_UNIXTIME(bi) FROM src;
INSERT INTO zone_json SELECT id, ts, CAST(ltz AS TIMESTAMP(3)) FROM src;
INSERT INTO nested_print SELECT id, ARRAY[id, 20, 30][1], MAP['a', id, 'b', 2]['a'], CARDINALITY(ARRAY[1, 2, 3]),
    ARRAY[bi, 5][2] FROM src;
INSERT INTO json_print SELECT id, JSON_VALUE(doc, '$.a'), JSON_VALUE(doc, '$.n' RETURNING INT), JSON_QUERY(doc, '$.arr'),
    JSON_QUERY(doc, '$.o'), JSON_OBJECT(KEY 'id' VALUE id, KEY 'a' VALUE JSON_VALUE(doc, '$.a') ABSENT ON NULL),
    JSON_OBJECT(KEY 'b' VALUE 1, KEY 'c' VALUE id, KEY 'a' VALUE 'x', KEY 'ab' VALUE CAST(NULL AS STRING)) FROM src;
INSERT INTO values_print SELECT id, ARRAY[bi, id], MAP['k', id], ROW(id, JSON_VALUE(doc, '$.a')),
    ARRAY[ROW('x', CAST(id AS DOUBLE) / 4)] FROM src;
