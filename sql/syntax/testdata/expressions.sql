-- Literals
SELECT 1, -2, 1.5, .5, 1e3, 1.5E-3, 'it''s', 'a' 'b'
  'c', U&'\0041\+01F600 x', U&'!0041' UESCAPE '!', X'0aFF', TRUE, FALSE, UNKNOWN, NULL;
SELECT DATE '2024-01-31', TIME '12:00:01.5', TIMESTAMP '2024-01-31 12:00:00.123';
SELECT INTERVAL '5' SECOND, INTERVAL '1 2:03' DAY TO MINUTE, INTERVAL '10' MINUTE(3),
  INTERVAL -'1-2' YEAR TO MONTH, INTERVAL '1 02:03:04.5' DAY(2) TO SECOND(3), INTERVAL 5 DAYS, INTERVAL '2' HOURS;
-- Precedence (Calcite's): OR < AND < NOT < IS < comparison < BETWEEN/LIKE/IN < + - < * / % || < unary
SELECT a OR b AND NOT c = d, a + b * c - d / e % f, 'x' || y + 1, -a * b, NOT a IS NULL,
  a = b IS TRUE, (a OR b) AND c, a < b, a <= b, a > b, a >= b, a <> b, a != b;
SELECT a IS NULL, a IS NOT NULL, a IS TRUE, a IS NOT FALSE, a IS UNKNOWN,
  a IS DISTINCT FROM b, a IS NOT DISTINCT FROM b + 1, s IS JSON, s IS NOT JSON OBJECT, s IS JSON SCALAR;
SELECT x BETWEEN 1 AND 2 AND y, x NOT BETWEEN SYMMETRIC a + 1 AND b * 2, x BETWEEN ASYMMETRIC 1 AND 2;
SELECT s LIKE 'a%', s NOT LIKE 'a!%' ESCAPE '!', s SIMILAR TO '(a|b)+', s NOT SIMILAR TO 'x';
SELECT x IN (1, 2, 3), x NOT IN ('a'), x IN (SELECT id FROM t), EXISTS (SELECT 1 FROM t), (SELECT MAX(a) FROM t),
  x = ANY (SELECT y FROM t), x > ALL (SELECT y FROM u);
-- Names, nested fields, items
SELECT a, t.a, cat.db.t.a, `select`, `we``ird`, r.f.g, (r).f, arr[1], m['k'], arr[1].f, f(x).g, t.*, *
FROM t;
-- CAST, CASE, calls
SELECT CAST(a AS INT), TRY_CAST(s AS DECIMAL(10, 2)), CAST(ts AS TIMESTAMP(3) WITH LOCAL TIME ZONE),
  CASE WHEN a > 1 THEN 'x' WHEN a < 0 THEN 'y' ELSE 'z' END, CASE a WHEN 1 THEN 'one' END,
  COUNT(*), COUNT(DISTINCT a), SUM(ALL a), f(), my_cat.my_db.f(1, 'a'), COALESCE(a, b), NULLIF(a, 0),
  IF(a > 0, 1, 2), CONCAT_WS('-', a, b), PROCTIME(), CURRENT_TIMESTAMP, LOCALTIMESTAMP, CURRENT_DATE,
  CURRENT_TIME, CURRENT_ROW_TIMESTAMP(), NOW(), f(name => 1, other => 'x'), MOD(a, 2), YEAR(d), LEFT(s, 2);
SELECT COUNT(a) FILTER (WHERE a > 1), LISTAGG(s, ',') WITHIN GROUP (ORDER BY s), LAG(x) IGNORE NULLS OVER w
FROM t WINDOW w AS (ORDER BY ts);
-- Special-syntax functions
SELECT EXTRACT(YEAR FROM ts), EXTRACT(MILLISECOND FROM ts), POSITION('a' IN s), POSITION('a' IN s FROM 2),
  TRIM(s), TRIM(BOTH 'x' FROM s), TRIM(LEADING FROM s), TRIM(' ' FROM s), SUBSTRING(s FROM 2 FOR 3),
  SUBSTRING(s, 1, 2), SUBSTRING(s FROM 2), OVERLAY(s PLACING 'ab' FROM 2 FOR 1), FLOOR(ts TO HOUR),
  CEIL(ts TO DAY), FLOOR(1.5), CEILING(x), TIMESTAMPADD(DAY, 1, ts), TIMESTAMPDIFF(SQL_TSI_HOUR, a, b);
-- Constructors
SELECT ROW(a, b), (a, b), ROW(), ARRAY[1, 2], ARRAY(SELECT x FROM t), MAP['a', 1, 'b', 2], MAP[],
  DESCRIPTOR(ts), ts - INTERVAL '5' SECOND, ?;
