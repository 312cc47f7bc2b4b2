SELECT value FROM t;
