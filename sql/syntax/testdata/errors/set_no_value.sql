SET a.b = ;
