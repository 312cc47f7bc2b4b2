CREATE TABLE t (a BIGINT, b STRING) WITH ('connector' = 'kafka', 'topic' = 't', 'properties.bootstrap.servers' = 'localhost:29092', 'properties.group.id' = 'plan', 'format' = 'json');
CREATE TABLE f (a BIGINT, c STRING) WITH ('connector' = 'kafka', 'topic' = 'f', 'properties.bootstrap.servers' = 'localhost:29092', 'properties.group.id' = 'plan', 'format' = 'json');
CREATE TABLE g (a BIGINT, d STRING) WITH ('connector' = 'kafka', 'topic' = 'g', 'properties.bootstrap.servers' = 'localhost:29092', 'properties.group.id' = 'plan', 'format' = 'json');
CREATE TABLE o (a BIGINT, b STRING) WITH ('connector' = 'print');
CREATE TABLE o2 (a BIGINT, b STRING) WITH ('connector' = 'print');
CREATE TABLE ok (a BIGINT, b STRING) WITH ('connector' = 'kafka', 'topic' = 'out', 'properties.bootstrap.servers' = 'localhost:29092', 'format' = 'json');
INSERT INTO o SELECT /*+ STATE_TTL(1 = '1d') */ t.a, f.c FROM t JOIN f ON t.a = f.a;
