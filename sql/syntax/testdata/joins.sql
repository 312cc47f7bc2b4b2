SELECT * FROM a JOIN b ON a.id = b.id INNER JOIN c USING (id);
SELECT * FROM a LEFT JOIN b ON a.id = b.id LEFT OUTER JOIN c ON TRUE RIGHT JOIN d ON 1 = 1
  RIGHT OUTER JOIN e ON x FULL JOIN f ON y FULL OUTER JOIN g ON z CROSS JOIN h NATURAL JOIN i;
SELECT * FROM a, b JOIN c ON b.x = c.x, d;
SELECT * FROM (a JOIN b ON a.x = b.x) JOIN c ON c.y = a.y;
SELECT * FROM cat.db.orders AS o JOIN rates FOR SYSTEM_TIME AS OF o.order_time AS r ON o.cur = r.cur;
SELECT * FROM orders o LEFT JOIN customers FOR SYSTEM_TIME AS OF o.proc_time c ON o.cid = c.id;
SELECT * FROM t, LATERAL TABLE(split(t.s)) AS x(word, len);
SELECT * FROM t LEFT JOIN LATERAL TABLE(split(t.s)) AS x(word) ON TRUE;
SELECT * FROM t CROSS JOIN UNNEST(t.tags) AS tag(name);
SELECT * FROM t CROSS JOIN UNNEST(t.tags) WITH ORDINALITY AS tag(name, pos);
SELECT * FROM t, UNNEST(t.a, t.b) u;
SELECT * FROM (SELECT a FROM t) AS s(x), LATERAL (SELECT * FROM u WHERE u.x = s.x) l;
SELECT * FROM t1 JOIN t2 ON t1.id = t2.id AND t1.ts BETWEEN t2.ts - INTERVAL '1' HOUR AND t2.ts;
