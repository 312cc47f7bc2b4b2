CREATE TABLE p (a BIGINT) WITH ('connector' = 'print');
CREATE TABLE dst (a BIGINT) WITH ('connector' = 'blackhole');
INSERT INTO dst SELECT a FROM p;
