-- Computed columns are evaluated when the table is read and never written by
-- a sink: the sink `doubled_json` has a computed column of its own, so its
-- INSERT writes the physical columns only. PROCTIME() is not deterministic:
-- only what is (NOT NULL, after 1970) is written.
CREATE TABLE orders (
    id INT,
    price DECIMAL(10, 2),
    qty INT,
    s STRING,
    total AS price * qty,
    id_text AS CAST(id AS STRING),
    label AS UPPER(CONCAT(s, '-', CAST(qty AS STRING))),
    proc_time AS PROCTIME()
) WITH (
    'connector' = 'filesystem',
    'path' = '${case.dir}/orders.jsonl',
    'format' = 'json'
);

CREATE TABLE computed_print (
    id INT, total DECIMAL(21, 2), id_text STRING, label STRING, proc_known BOOLEAN, proc_after_epoch BOOLEAN
) WITH ('connector' = 'print', 'print-identifier' = 'computed');

CREATE TABLE doubled_json (
    id INT,
    total DECIMAL(21, 2),
    twice AS total * 2
) WITH ('connector' = 'filesystem', 'path' = '${case.out}/doubled_json', 'format' = 'json');

CREATE TABLE star_print (
    id INT, price DECIMAL(10, 2), qty INT, s STRING, total DECIMAL(21, 2), id_text STRING, label STRING
) WITH ('connector' = 'print', 'print-identifier' = 'star');

EXECUTE STATEMENT SET
BEGIN
    INSERT INTO computed_print
    SELECT id, total, id_text, label, proc_time IS NOT NULL, proc_time > TO_TIMESTAMP_LTZ(0, 3)
    FROM orders WHERE total > 10;
    INSERT INTO doubled_json SELECT id, total FROM orders;
    INSERT INTO star_print SELECT id, price, qty, s, total, id_text, label FROM orders;
END;
