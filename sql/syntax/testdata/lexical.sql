-- keywords in any case; names keep their spelling
select Price, `Select`, `a b`, `tick``s` From MyTable -- a line comment
  wHeRe price > 10 /* a block
  comment */ and name like 'x%';
insert into Sink select * from Src;
create temporary view V as select 1 as Uno;
-- a comment after the last statement, without a newline at the end
