CREATE TEMPORARY TABLE a (k BIGINT, s STRING) WITH ('connector' = 'filesystem', 'path' = '/tmp/a', 'format' = 'json');
CREATE TEMPORARY TABLE IF NOT EXISTS o (k BIGINT, s STRING) WITH ('connector' = 'print');
CREATE TEMPORARY VIEW v AS SELECT k, s FROM a WHERE k > 0;
CREATE TEMPORARY VIEW IF NOT EXISTS v AS SELECT k, s FROM a;
SET sql-client.execution.result-mode = tableau;
SET 'table.exec.state.ttl' = '1 h';
INSERT INTO o SELECT k, s FROM v;
