CREATE TABLE t (a BIGINT, b STRING) WITH ('connector' = 'kafka', 'topic' = 't', 'properties.bootstrap.servers' = 'localhost:29092', 'properties.group.id' = 'plan', 'format' = 'json');
CREATE TABLE f (a BIGINT, c STRING) WITH ('connector' = 'kafka', 'topic' = 'f', 'properties.bootstrap.servers' = 'localhost:29092', 'properties.group.id' = 'plan', 'format' = 'json');
CREATE TABLE g (a BIGINT, d STRING) WITH ('connector' = 'kafka', 'topic' = 'g', 'properties.bootstrap.servers' = 'localhost:29092', 'properties.group.id' = 'plan', 'format' = 'json');
CREATE TABLE o (a BIGINT, b STRING) WITH ('connector' = 'print');
CREATE TABLE o2 (a BIGINT, b STRING) WITH ('connector' = 'print');
CREATE TABLE ok (a BIGINT, b STRING) WITH ('connector' = 'kafka', 'topic' = 'out', 'properties.bootstrap.servers' = 'localhost:29092', 'format' = 'json');
-- A query hint does not reach into sub-queries: g is not an input of the outer join.
INSERT INTO o SELECT /*+ STATE_TTL('g' = '1 d') */ t.a, s.c FROM t JOIN (SELECT f.a, f.c FROM f JOIN g ON f.a = g.a) AS s ON t.a = s.a;
