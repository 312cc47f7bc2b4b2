CREATE TABLE t (a BIGINT, b STRING) WITH ('connector' = 'kafka', 'topic' = 't', 'properties.bootstrap.servers' = 'localhost:29092', 'properties.group.id' = 'plan', 'format' = 'json');
CREATE TABLE f (a BIGINT, c STRING) WITH ('connector' = 'kafka', 'topic' = 'f', 'properties.bootstrap.servers' = 'localhost:29092', 'properties.group.id' = 'plan', 'format' = 'json');
CREATE TABLE g (a BIGINT, d STRING) WITH ('connector' = 'kafka', 'topic' = 'g', 'properties.bootstrap.servers' = 'localhost:29092', 'properties.group.id' = 'plan', 'format' = 'json');
CREATE TABLE o (a BIGINT, b STRING) WITH ('connector' = 'print');
CREATE TABLE o2 (a BIGINT, b STRING) WITH ('connector' = 'print');
CREATE TABLE ok (a BIGINT, b STRING) WITH ('connector' = 'kafka', 'topic' = 'out', 'properties.bootstrap.servers' = 'localhost:29092', 'format' = 'json');
-- STATE_TTL (Flink >= 1.19): per-input state TTL of the SELECT's joins,
-- by alias, table or view name; the other input keeps table.exec.state.ttl.
SET 'table.exec.state.ttl' = '2 h';
CREATE VIEW vj AS SELECT /*+ STATE_TTL('t' = '1d') */ t.a, f.c FROM t JOIN f ON t.a = f.a;
EXECUTE STATEMENT SET BEGIN
-- by table name, both sides; the printed value is the value as written
INSERT INTO o SELECT /*+ STATE_TTL('t' = '1d', 'f' = '12 h') */ t.a, f.c FROM t JOIN f ON t.a = f.a;
-- by alias; the first hint naming an input wins: l = 1 d, r = 3 d
INSERT INTO o2 SELECT /*+ state_ttl(l = '1 d'), STATE_TTL('l' = '2 d', 'r' = '3 d') */ l.a, r.c FROM t AS l JOIN f AS r ON l.a = r.a;
-- three-way: t is the first join's left input, g the second join's right one
INSERT INTO o SELECT /*+ STATE_TTL('g' = '1 d', 't' = '2 d') */ t.a, f.c FROM t JOIN f ON t.a = f.a JOIN g ON f.a = g.a;
-- a view keeps its own hint; the query's names the view
INSERT INTO o SELECT /*+ STATE_TTL('vj' = '0') */ vj.a, g.d FROM vj JOIN g ON vj.a = g.a;
-- no join in this SELECT: ignored, names unchecked (as Flink)
INSERT INTO o2 SELECT /*+ STATE_TTL('zz' = '1 d') */ a, b FROM t;
END;
