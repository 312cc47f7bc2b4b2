CREATE TABLE t (a BIGINT, b STRING) WITH ('connector' = 'kafka', 'topic' = 't', 'properties.bootstrap.servers' = 'localhost:29092', 'properties.group.id' = 'plan', 'format' = 'json');
CREATE TABLE f (a BIGINT, c STRING) WITH ('connector' = 'kafka', 'topic' = 'f', 'properties.bootstrap.servers' = 'localhost:29092', 'properties.group.id' = 'plan', 'format' = 'json');
CREATE TABLE g (a BIGINT, d STRING) WITH ('connector' = 'kafka', 'topic' = 'g', 'properties.bootstrap.servers' = 'localhost:29092', 'properties.group.id' = 'plan', 'format' = 'json');
CREATE TABLE o (a BIGINT, b STRING) WITH ('connector' = 'print');
CREATE TABLE o2 (a BIGINT, b STRING) WITH ('connector' = 'print');
CREATE TABLE ok (a BIGINT, b STRING) WITH ('connector' = 'kafka', 'topic' = 'out', 'properties.bootstrap.servers' = 'localhost:29092', 'format' = 'json');
-- Hints Flink accepts that change nothing in a streaming regular join: EXPLAIN shows them.
EXECUTE STATEMENT SET BEGIN
INSERT INTO o /*+ STATE_TTL('t' = '1 d') */
SELECT /*+ BROADCAST(f), SHUFFLE_HASH(t, f), LOOKUP('table' = 'f', 'async' = 'true'), ALIAS(x) */ t.a, f.c
FROM t /*+ STATE_TTL('t' = '1 d') */ JOIN f ON t.a = f.a;
INSERT INTO o2 SELECT /*+ NEST_LOOP(t) */ a, b FROM t;
END;
