// Package syntax is Sluice's parser for Flink SQL: a lexer, a
// recursive-descent parser and a typed syntax tree for the whole of the
// Flink 1.20 dialect Sluice reads — scripts (SET, RESET, USE, SHOW, EXPLAIN,
// statement sets), DDL (CREATE TABLE with computed and metadata columns,
// watermarks, constraints, LIKE, CTAS; views, functions, catalogs,
// databases; DROP, ALTER TABLE), INSERT, queries (WITH, set operations,
// joins, LATERAL TABLE, UNNEST, window TVFs, FOR SYSTEM_TIME AS OF,
// MATCH_RECOGNIZE, GROUPING SETS, OVER windows, ORDER BY/LIMIT/FETCH),
// expressions and every Flink data type. It is self-contained: it does not
// resolve names or types; the planner does.
//
// # Use
//
// ParseScript reads a file (statements separated by ';'; Script.Texts holds
// each statement's source text), ParseStatement, ParseExpr and ParseType one
// piece. Options.File names the file in errors, which are *Error values
// (Pos, Construct, Msg; errors.Is(err, context.Canceled) after a stopped
// parse). Inspect walks a tree; Format prints it as SQL; Dump as an
// S-expression. Names are Name ([]Ident): whether a.b.c is a column of table
// a or a field path of column a is the planner's call, as in Calcite.
//
// # Design
//
// The reference is Calcite's Parser.jj as flink-sql-parser configures it
// (Flink 1.20, Calcite 1.32): backtick-quoted names, single-quoted strings
// with ” escapes and no backslash escapes, U&'...' and X'...' literals,
// `--` and `/* */` comments, /*+ ... */ hints, Calcite's reserved words plus
// Flink's (keywords.go), and Calcite's operator precedences (parse_expr.go).
//
// The lexer (lexer.go) produces tokens on demand; the parser keeps a short
// lookahead buffer. Keywords are not token kinds: a word is a keyword where
// the grammar expects one, and a name wherever a name may stand unless it
// is reserved, which is how Calcite treats non-reserved keywords. Names keep
// their spelling (Flink names are case-sensitive); keywords match in any case.
//
// Each production is one small method. Expressions use precedence climbing
// (exprPrec): binary operators are parsed in a loop, so a 40,000-term OR
// chain is one loop, not 40,000 nested calls, and parsing is linear in the
// input. Nesting (parentheses, subqueries, types, patterns) is bounded by
// Options.MaxDepth (DefaultMaxDepth), so hostile input gets an error, not a
// stack overflow. The context is checked every 1024 tokens, so a caller can
// stop a parse of a huge input.
//
// Errors are raised by panicking with a bailout value that the exported
// entry points recover, so productions stay free of error plumbing; no other
// panic is recovered. Every error is an *Error with a position (offset, line,
// column) and the construct being parsed, worded like Flink's ("Encountered
// "INT" at line 1, column 15. Was expecting "AS".") where that helps.
//
// Every node embeds its position (Node.Position). Dump renders a tree as a
// deterministic S-expression for golden tests; Format renders it back to
// SQL, adding parentheses only where precedence needs them, and
// parse(Format(tree)) gives the same tree (a property the golden, corpus and
// fuzz tests check).
//
// # Extending
//
// To add a construct: add its node type to the ast_*.go file of its area
// (with the marker method of its interface), parse it in the parse_*.go
// file of its area — a keyword-led expression in keywordExpr or specialCall,
// a statement in statement/create, a FROM item in tablePrimary — print it in
// the matching format_*.go file, and add a case to testdata/*.sql and, for
// its error messages, a file to testdata/errors/. Run `go test -update` to
// write the expected dumps, and read them. A new reserved word goes into
// keywords.go only if Flink reserves it; otherwise match the word where the
// grammar expects it and leave it usable as a name.
//
// # Tests
//
// testdata/*.sql are golden inputs with expected dumps (*.ast); testdata/
// errors/*.sql must fail with the messages in *.err; testdata/corpus/ holds
// real-world Flink SQL from public, permissively licensed sources (each file
// names its source and license), all of which must parse. FuzzParse checks
// that nothing panics and that whatever parses round-trips.
package syntax
