-- Scalar expressions mapped onto engine/expr: CAST/TRY_CAST, CASE,
-- arithmetic, string and temporal functions, LIKE/BETWEEN/IS DISTINCT FROM,
-- over crafted inputs with NULLs, negative numbers and leap days.
SET 'table.local-time-zone' = 'UTC';

CREATE TABLE src (
    id INT,
    bi BIGINT,
    d DOUBLE,
    amount DECIMAL(10, 2),
    s STRING,
    num STRING,
    pad STRING,
    ts TIMESTAMP(3),
    dt DATE
) WITH (
    'connector' = 'filesystem',
    'path' = '${case.dir}/src.jsonl',
    'format' = 'json'
);

CREATE TABLE casts (id INT, n INT, tn INT, b BIGINT, a STRING, t STRING, dd DATE, db DOUBLE, ds STRING)
WITH ('connector' = 'print', 'print-identifier' = 'casts');

CREATE TABLE arith (id INT, c1 STRING, c2 STRING, p BIGINT, m BIGINT, ad DECIMAL(12, 2), dv DECIMAL(20, 6), dd DOUBLE, md INT, neg BIGINT, co BIGINT, ni INT)
WITH ('connector' = 'print', 'print-identifier' = 'arith');

CREATE TABLE strs (id INT, u STRING, l STRING, cc STRING, cw STRING, sb STRING, tr STRING, clen INT, rp STRING, lp STRING, ic STRING, rr STRING, si STRING, ps INT)
WITH ('connector' = 'print', 'print-identifier' = 'strs');

CREATE TABLE temporal (id INT, y BIGINT, mo BIGINT, df STRING, plus TIMESTAMP(3), tadd TIMESTAMP(3), tdiff INT, dplus DATE, tt TIMESTAMP(3), ms DATE)
WITH ('connector' = 'print', 'print-identifier' = 'temporal');

CREATE TABLE preds (id INT, lk BOOLEAN, nl BOOLEAN, esc BOOLEAN, bt BOOLEAN, bs BOOLEAN, df BOOLEAN, ndf BOOLEAN, inl BOOLEAN)
WITH ('connector' = 'print', 'print-identifier' = 'preds');

CREATE TABLE mixed_json (id INT, kind STRING, total DECIMAL(12, 2), label STRING, dday DATE, later TIMESTAMP(3))
WITH ('connector' = 'filesystem', 'path' = '${case.out}/mixed_json', 'format' = 'json');

-- Separate INSERTs, not a statement set: the SQL client's splitter ends a
-- BEGIN ... END block at a CASE's END.
INSERT INTO casts SELECT id, CAST(CAST(amount AS INT) AS INT), TRY_CAST(num AS INT), CAST(d AS BIGINT),
        CAST(amount AS STRING), CAST(ts AS STRING), CAST(ts AS DATE), CAST(bi AS DOUBLE), CAST(dt AS STRING) FROM src;
INSERT INTO arith SELECT id,
        CASE WHEN amount > 10 THEN 'big' WHEN amount > 0 THEN 'small' ELSE 'other' END,
        CASE id WHEN 1 THEN 'one' WHEN 2 THEN 'two' END,
        bi + id, bi * 2, amount * 2, amount / 4, d * 1.5, id % 3, -bi, COALESCE(bi, -1), NULLIF(id, 3) FROM src;
INSERT INTO strs SELECT id, UPPER(s), LOWER(s), s || '-' || num, CONCAT_WS('/', s, num), SUBSTRING(s FROM 2 FOR 3),
        TRIM(BOTH ' ' FROM pad), CHAR_LENGTH(s), REPLACE(s, 'a', 'A'), LPAD(num, 5, '*'), INITCAP(s),
        REGEXP_REPLACE(s, '[aeiou]', '_'), SPLIT_INDEX(s, ',', 1), POSITION('a' IN s) FROM src;
INSERT INTO temporal SELECT id, EXTRACT(YEAR FROM ts), EXTRACT(MONTH FROM dt), DATE_FORMAT(ts, 'yyyy-MM-dd HH:mm'),
        ts + INTERVAL '1' HOUR, TIMESTAMPADD(DAY, 1, ts), TIMESTAMPDIFF(SECOND, TIMESTAMP '2023-08-10 00:00:00', ts),
        dt + INTERVAL '1' MONTH, TO_TIMESTAMP('2023-08-10 01:02:03'), dt - INTERVAL '1' YEAR FROM src;
INSERT INTO preds SELECT id, s LIKE 'a%', s NOT LIKE '%a%', s LIKE '!%%' ESCAPE '!', bi BETWEEN -10 AND 10,
        bi BETWEEN SYMMETRIC 10 AND -10, bi IS DISTINCT FROM 10, s IS NOT DISTINCT FROM NULL, id IN (1, 3, 5) FROM src;
INSERT INTO mixed_json SELECT id, CASE WHEN bi IS NULL THEN 'none' WHEN bi < 0 THEN 'neg' ELSE 'pos' END,
        amount + CAST(id AS DECIMAL(10, 2)), UPPER(SUBSTRING(s, 1, 3)) || '#' || CAST(id AS STRING), dt, ts + INTERVAL '30' MINUTE FROM src;
