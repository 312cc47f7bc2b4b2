SELECT X'abc';
