// Package sql is Sluice's Flink SQL front end: it fills ${group.key}
// placeholders in a job's processor.sql (Render), splits the script into
// statements and parses the Flink dialect parts itself (SET, CREATE TABLE,
// CREATE VIEW, statement sets, EXPLAIN), handing every query to
// github.com/xwb1989/sqlparser (Parse).
//
// Every statement, column, option and error carries a Pos in the file the
// user wrote, before placeholders were filled, so that errors from any later
// stage can point at what the user typed.
//
// sqlparser is a MySQL parser. Where MySQL and Flink read the same query text
// differently (|| is OR in MySQL and concatenation in Flink, backslashes
// escape in MySQL strings but not in Flink's, "x" is a MySQL string but not a
// Flink one, # starts a MySQL comment) the query is rejected or adjusted
// before sqlparser sees it, so a query never silently means something else.
//
// Package sql/syntax is the Flink-dialect parser that is to replace both the
// statement parser here and sqlparser: it reads all of Flink 1.20's grammar
// into a typed tree with positions. It is not wired in yet.
package sql
