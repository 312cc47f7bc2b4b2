CREATE TABLE tx (id BIGINT, amount DECIMAL(10, 2)) WITH ('connector' = 'kafka', 'topic' = 'tx', 'properties.bootstrap.servers' = 'localhost:29092', 'scan.startup.mode' = 'earliest-offset', 'format' = 'json');
CREATE TABLE big (id BIGINT, amount DECIMAL(10, 2)) WITH ('connector' = 'print');
INSERT INTO big SELECT id, amount FROM (SELECT id, amount FROM tx WHERE amount > 100) WHERE id > 0;
