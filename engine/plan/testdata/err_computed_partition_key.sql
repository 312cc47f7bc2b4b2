CREATE TABLE q (a INT, b AS a + 1) PARTITIONED BY (b) WITH ('connector' = 'filesystem', 'path' = '/tmp/q', 'format' = 'json');
CREATE TABLE o (a INT) WITH ('connector' = 'print');
INSERT INTO o SELECT a FROM q;
