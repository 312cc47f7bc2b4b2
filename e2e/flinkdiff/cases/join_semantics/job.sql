-- The regular inner join's semantics: N×M duplicates, NULL keys, two keys,
-- keys of different integer and DECIMAL types, a residual with OR, the join
-- written with WHERE, JOIN … USING over a view, and three inputs.
CREATE TABLE a (id INT, name STRING, amount DECIMAL(5, 2), n BIGINT) WITH (
    'connector' = 'filesystem', 'path' = '${case.dir}/a.jsonl', 'format' = 'json');
CREATE TABLE b (bid BIGINT, bname VARCHAR(10), bamount DECIMAL(10, 1), m INT) WITH (
    'connector' = 'filesystem', 'path' = '${case.dir}/b.jsonl', 'format' = 'json');
CREATE TABLE c (cid BIGINT, label STRING) WITH (
    'connector' = 'filesystem', 'path' = '${case.dir}/c.jsonl', 'format' = 'json');

CREATE VIEW small_a AS SELECT id, name, amount FROM a WHERE amount BETWEEN 1 AND 100;

CREATE TABLE by_id (id INT, name STRING, bid BIGINT, bname VARCHAR(10)) WITH ('connector' = 'print', 'print-identifier' = 'by_id');
CREATE TABLE by_id_json (id INT, name STRING, bid BIGINT, bname VARCHAR(10)) WITH ('connector' = 'filesystem', 'path' = '${case.out}/by_id_json', 'format' = 'json');
CREATE TABLE two_keys (id INT, name STRING, m INT) WITH ('connector' = 'print', 'print-identifier' = 'two_keys');
CREATE TABLE by_amount (amount DECIMAL(5, 2), bamount DECIMAL(10, 1), id INT, bid BIGINT) WITH ('connector' = 'print', 'print-identifier' = 'by_amount');
CREATE TABLE by_amount_json (amount DECIMAL(5, 2), bamount DECIMAL(10, 1), id INT, bid BIGINT) WITH ('connector' = 'filesystem', 'path' = '${case.out}/by_amount_json', 'format' = 'json');
CREATE TABLE residual_or (id INT, n BIGINT, m INT) WITH ('connector' = 'print', 'print-identifier' = 'residual_or');
CREATE TABLE where_join (id INT, bname VARCHAR(10)) WITH ('connector' = 'print', 'print-identifier' = 'where_join');
CREATE TABLE using_view (id INT, name STRING, amount DECIMAL(5, 2), label STRING) WITH ('connector' = 'print', 'print-identifier' = 'using_view');
CREATE TABLE three (id INT, bname VARCHAR(10), label STRING) WITH ('connector' = 'print', 'print-identifier' = 'three');

EXECUTE STATEMENT SET
BEGIN
    INSERT INTO by_id SELECT a.id, a.name, b.bid, b.bname FROM a JOIN b ON a.id = b.bid;
    INSERT INTO by_id_json SELECT a.id, a.name, b.bid, b.bname FROM a JOIN b ON a.id = b.bid;
    INSERT INTO two_keys SELECT id, name, m FROM a JOIN b ON a.id = b.bid AND a.name = b.bname;
    INSERT INTO by_amount SELECT amount, bamount, id, bid FROM a JOIN b ON a.amount = b.bamount;
    INSERT INTO by_amount_json SELECT amount, bamount, id, bid FROM a JOIN b ON a.amount = b.bamount;
    INSERT INTO residual_or SELECT id, n, m FROM a JOIN b ON a.id = b.bid AND (a.n > b.m OR b.m IS NULL);
    INSERT INTO where_join SELECT a.id, b.bname FROM a, b WHERE a.id = b.bid AND b.bname <> 'x' AND a.n >= 2;
    INSERT INTO using_view SELECT small_a.id, name, amount, label FROM small_a JOIN (SELECT cid AS id, label FROM c) AS cc USING (id);
    INSERT INTO three SELECT a.id, b.bname, c.label FROM a JOIN b ON a.id = b.bid JOIN c ON b.bid = c.cid;
END;
