SELECT j->'a' FROM t;
