-- What a keyed exchange does to timestamps: in front of the join, Flink
-- serializes TIMESTAMP(p <= 3) and TIMESTAMP_LTZ(p <= 3) as epoch
-- milliseconds (TimestampDataSerializer), so keys, the residual condition and
-- the output see millisecond-truncated values; TIMESTAMP(6) keeps its digits.
-- The same source's rows that reach a sink without an exchange keep theirs,
-- and a filter below the join compares them untruncated.
CREATE TABLE l (id BIGINT, k TIMESTAMP(3), ts TIMESTAMP(3), ts6 TIMESTAMP(6), ltz TIMESTAMP_LTZ(3), ts0 TIMESTAMP(0)) WITH (
    'connector' = 'filesystem',
    'path' = '${case.dir}/l.jsonl',
    'format' = 'json'
);
CREATE TABLE r (rid BIGINT, rk TIMESTAMP(3), rts TIMESTAMP(3), rts6 TIMESTAMP(6)) WITH (
    'connector' = 'filesystem',
    'path' = '${case.dir}/r.jsonl',
    'format' = 'json'
);
CREATE TABLE on_ts_key (id BIGINT, k TIMESTAMP(3), ts TIMESTAMP(3), ts6 TIMESTAMP(6), ltz TIMESTAMP_LTZ(3), ts0 TIMESTAMP(0), rid BIGINT, rk TIMESTAMP(3), rts TIMESTAMP(3), rts6 TIMESTAMP(6))
    WITH ('connector' = 'print', 'print-identifier' = 'on_ts_key');
CREATE TABLE on_ts_key_json (id BIGINT, k TIMESTAMP(3), ts TIMESTAMP(3), ts6 TIMESTAMP(6), ltz TIMESTAMP_LTZ(3), ts0 TIMESTAMP(0), rid BIGINT, rk TIMESTAMP(3), rts TIMESTAMP(3), rts6 TIMESTAMP(6))
    WITH ('connector' = 'filesystem', 'path' = '${case.out}/on_ts_key_json', 'format' = 'json');
CREATE TABLE on_ts_key_iso (id BIGINT, k TIMESTAMP(3), ts TIMESTAMP(3), ts6 TIMESTAMP(6), ltz TIMESTAMP_LTZ(3), ts0 TIMESTAMP(0), rid BIGINT, rk TIMESTAMP(3), rts TIMESTAMP(3), rts6 TIMESTAMP(6))
    WITH ('connector' = 'filesystem', 'path' = '${case.out}/on_ts_key_iso', 'format' = 'json', 'json.timestamp-format.standard' = 'ISO-8601');
CREATE TABLE residual6 (id BIGINT, rid BIGINT, ts6 TIMESTAMP(6), rts6 TIMESTAMP(6))
    WITH ('connector' = 'print', 'print-identifier' = 'residual6');
CREATE TABLE residual3 (id BIGINT, rid BIGINT, ts TIMESTAMP(3), rts TIMESTAMP(3))
    WITH ('connector' = 'print', 'print-identifier' = 'residual3');
CREATE TABLE filtered_below (id BIGINT, rid BIGINT, ts TIMESTAMP(3))
    WITH ('connector' = 'print', 'print-identifier' = 'filtered_below');
CREATE TABLE raw_l (id BIGINT, k TIMESTAMP(3), ts TIMESTAMP(3), ts6 TIMESTAMP(6), ltz TIMESTAMP_LTZ(3), ts0 TIMESTAMP(0))
    WITH ('connector' = 'print', 'print-identifier' = 'raw_l');

EXECUTE STATEMENT SET
BEGIN
    INSERT INTO on_ts_key SELECT * FROM l JOIN r ON l.k = r.rk;
    INSERT INTO on_ts_key_json SELECT * FROM l JOIN r ON l.k = r.rk;
    INSERT INTO on_ts_key_iso SELECT * FROM l JOIN r ON l.k = r.rk;
    INSERT INTO residual6 SELECT id, rid, ts6, rts6 FROM l JOIN r ON l.id = r.rid AND l.ts6 >= r.rts6;
    INSERT INTO residual3 SELECT id, rid, ts, rts FROM l JOIN r ON l.id = r.rid AND l.ts >= r.rts;
    INSERT INTO filtered_below SELECT id, rid, ts FROM l JOIN r ON l.id = r.rid WHERE l.ts > '2023-08-10 12:00:00.1234';
    INSERT INTO raw_l SELECT * FROM l;
END;
