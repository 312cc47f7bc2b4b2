CREATE TABLE n (id BIGINT, r ROW<x INT, inn ROW<y STRING>>, arr ARRAY<INT>, m MAP<STRING, BIGINT>, ms MULTISET<STRING>, t TIME(3), b BINARY(4), vb VARBINARY(10)) WITH ('connector' = 'filesystem', 'path' = '/tmp/n', 'format' = 'json');
CREATE TABLE o (x INT, y STRING, e INT, v BIGINT, r ROW<a BIGINT, b STRING>, arr ARRAY<BIGINT>, m MAP<STRING, INT>, y2 STRING) WITH ('connector' = 'print');
INSERT INTO o SELECT n.r.x, r.inn.y, arr[1], m['k'], ROW(id, 'z'), ARRAY[id, 2], MAP['a', 1, 'b', 2], (r.inn).y FROM n;
