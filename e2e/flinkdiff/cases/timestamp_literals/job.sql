-- A string literal compared with a TIMESTAMP(p) column is cast to TIMESTAMP(p)
-- first (its extra fraction digits dropped), while the column keeps the
-- digits it was read with (no exchange here).
CREATE TABLE src (id INT, ts TIMESTAMP(3), ts6 TIMESTAMP(6), ts0 TIMESTAMP(0)) WITH (
    'connector' = 'filesystem',
    'path' = '${case.dir}/src.jsonl',
    'format' = 'json'
);
CREATE TABLE gt (id INT, ts TIMESTAMP(3)) WITH ('connector' = 'print', 'print-identifier' = 'gt');
CREATE TABLE ge (id INT, ts TIMESTAMP(3)) WITH ('connector' = 'print', 'print-identifier' = 'ge');
CREATE TABLE eq (id INT, ts TIMESTAMP(3)) WITH ('connector' = 'print', 'print-identifier' = 'eq');
CREATE TABLE lt_left (id INT, ts TIMESTAMP(3)) WITH ('connector' = 'print', 'print-identifier' = 'lt_left');
CREATE TABLE ne (id INT, ts TIMESTAMP(3)) WITH ('connector' = 'print', 'print-identifier' = 'ne');
CREATE TABLE in_list (id INT, ts TIMESTAMP(3)) WITH ('connector' = 'print', 'print-identifier' = 'in_list');
CREATE TABLE gt6 (id INT, ts6 TIMESTAMP(6)) WITH ('connector' = 'print', 'print-identifier' = 'gt6');
CREATE TABLE eq0 (id INT, ts0 TIMESTAMP(0)) WITH ('connector' = 'print', 'print-identifier' = 'eq0');
CREATE TABLE gt_json (id INT, ts TIMESTAMP(3), ts6 TIMESTAMP(6), ts0 TIMESTAMP(0))
    WITH ('connector' = 'filesystem', 'path' = '${case.out}/gt_json', 'format' = 'json');

EXECUTE STATEMENT SET
BEGIN
    INSERT INTO gt SELECT id, ts FROM src WHERE ts > '2023-08-10 12:00:00.1234';
    INSERT INTO ge SELECT id, ts FROM src WHERE ts >= '2023-08-10 12:00:00.1239';
    INSERT INTO eq SELECT id, ts FROM src WHERE ts = '2023-08-10 12:00:00.1239';
    INSERT INTO lt_left SELECT id, ts FROM src WHERE '2023-08-10 12:00:00.123999999' < ts;
    INSERT INTO ne SELECT id, ts FROM src WHERE ts <> '2023-08-10 12:00:00.1231';
    INSERT INTO in_list SELECT id, ts FROM src WHERE ts IN ('2023-08-10 12:00:00.1235', '2023-08-10 12:00:00.124');
    INSERT INTO gt6 SELECT id, ts6 FROM src WHERE ts6 > '2023-08-10 12:00:00.123456789';
    INSERT INTO eq0 SELECT id, ts0 FROM src WHERE ts0 = '2023-08-10 12:00:00.9';
    INSERT INTO gt_json SELECT * FROM src WHERE ts > '2023-08-10 12:00:00.1234';
END;
