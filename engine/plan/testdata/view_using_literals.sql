-- A view, JOIN … USING, and a string literal read as a timestamp.
CREATE TABLE tx (account_id BIGINT, amount DECIMAL(10,2), ts TIMESTAMP(3))
  WITH ('connector' = 'filesystem', 'path' = '/tmp/tx', 'format' = 'json');
CREATE TABLE flags (account_id BIGINT, flag_date TIMESTAMP(3))
  WITH ('connector' = 'filesystem', 'path' = '/tmp/flags', 'format' = 'json');
CREATE TABLE out_print (account_id BIGINT, amount DECIMAL(10,2)) WITH ('connector' = 'print');
CREATE VIEW recent AS SELECT account_id, amount FROM tx WHERE ts >= '2023-08-10 00:00:00' AND amount BETWEEN 1 AND 100;
INSERT INTO out_print SELECT recent.account_id, amount FROM recent JOIN flags USING (account_id);
