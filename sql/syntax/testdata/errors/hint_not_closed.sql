SELECT /*+ OPTIONS('a'='b') a FROM t;
