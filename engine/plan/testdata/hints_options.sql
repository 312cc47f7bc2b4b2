CREATE TABLE t (a BIGINT, b STRING) WITH ('connector' = 'kafka', 'topic' = 't', 'properties.bootstrap.servers' = 'localhost:29092', 'properties.group.id' = 'plan', 'format' = 'json');
CREATE TABLE f (a BIGINT, c STRING) WITH ('connector' = 'kafka', 'topic' = 'f', 'properties.bootstrap.servers' = 'localhost:29092', 'properties.group.id' = 'plan', 'format' = 'json');
CREATE TABLE g (a BIGINT, d STRING) WITH ('connector' = 'kafka', 'topic' = 'g', 'properties.bootstrap.servers' = 'localhost:29092', 'properties.group.id' = 'plan', 'format' = 'json');
CREATE TABLE o (a BIGINT, b STRING) WITH ('connector' = 'print');
CREATE TABLE o2 (a BIGINT, b STRING) WITH ('connector' = 'print');
CREATE TABLE ok (a BIGINT, b STRING) WITH ('connector' = 'kafka', 'topic' = 'out', 'properties.bootstrap.servers' = 'localhost:29092', 'format' = 'json');
-- OPTIONS after a table name: merged over the WITH options for that scan or sink only.
EXECUTE STATEMENT SET BEGIN
INSERT INTO o SELECT a, b FROM t /*+ OPTIONS('scan.startup.mode' = 'latest-offset') */;
-- the same hint again: the same scan, shared
INSERT INTO o2 SELECT x.a, x.b FROM t /*+ OPTIONS('scan.startup.mode' = 'latest-offset') */ AS x WHERE x.a > 1;
-- other options: another scan; a topic override shows in the plan; secrets do not
INSERT INTO ok /*+ OPTIONS('sink.partitioner' = 'round-robin') */
SELECT a, b FROM t /*+ OPTIONS('topic' = 't2', 'properties.sasl.jaas.config' = 'x required password="p";'), OPTIONS('scan.startup.mode' = 'latest-offset', 'properties.sasl.password' = 'p') */;
-- no hint: the plain scan
INSERT INTO o SELECT a, b FROM t;
-- after SELECT, Flink does not apply OPTIONS
INSERT INTO o2 SELECT /*+ OPTIONS('nope' = 'x') */ a, b FROM t;
END;
