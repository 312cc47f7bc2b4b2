-- INT widens to BIGINT and DECIMAL(5,1) to DECIMAL(10,2) on insert, as Flink's implicit casts do.
CREATE TABLE src (id INT, amount DECIMAL(5,1), name STRING) WITH ('connector' = 'filesystem', 'path' = '/tmp/in', 'format' = 'json');
CREATE TABLE dst (id BIGINT, amount DECIMAL(10,2), name STRING) WITH ('connector' = 'filesystem', 'path' = '/tmp/out', 'format' = 'json');
INSERT INTO dst SELECT id, amount, name FROM src WHERE name IS NOT NULL;
