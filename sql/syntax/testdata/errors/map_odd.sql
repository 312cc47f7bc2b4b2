SELECT MAP['a', 1, 'b'] FROM t;
