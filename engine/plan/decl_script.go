package plan

import (
	"strings"

	"github.com/sluice-sql/sluice/engine/expr"
	"github.com/sluice-sql/sluice/sql"
	"github.com/sluice-sql/sluice/sql/syntax"
)

// supportedStatements is listed in "not supported" errors.
const supportedStatements = "SET, RESET, CREATE [TEMPORARY] TABLE, CREATE [TEMPORARY] VIEW, DROP TABLE, DROP VIEW, " +
	"CREATE CATALOG, CREATE DATABASE, USE, INSERT INTO, EXECUTE STATEMENT SET, EXPLAIN"

// decls collects a script's declarations for the planner; each statement
// that cannot be run is reported, one error per statement.
type decls struct {
	src *sql.Source
	out *Script
	// cat is the catalog as the statements so far left it; shared is set
	// once a statement kept it as its snapshot, so that the next change
	// works on a copy.
	cat    *Catalog
	shared bool
	errs   sql.ErrorList
}

// FromSQL turns the parsed statements into the planner's declarations:
// tables, views, the INSERTs to run and the settings.
func FromSQL(s *sql.Script) (*Script, error) {
	d := &decls{src: s.Source, out: &Script{Source: s.Source, Settings: s.Settings()}, cat: newCatalog()}
	for i, st := range s.Stmts {
		if err := d.statement(st, s.Texts[i]); err != nil {
			d.errs = append(d.errs, asSQLError(err))
		}
	}
	if err := d.errs.Err(); err != nil {
		return nil, err
	}
	return d.out, nil
}

func asSQLError(err error) *sql.Error {
	if e, ok := err.(*sql.Error); ok {
		return e
	}
	return &sql.Error{Msg: err.Error(), Err: err}
}

func (d *decls) errorf(at syntax.Pos, format string, args ...any) *sql.Error {
	return d.src.ErrorAt(at, format, args...)
}

// statement adds one statement; text is its source, for naming it.
func (d *decls) statement(st syntax.Stmt, text string) error {
	switch st := st.(type) {
	case *syntax.Set:
		return d.set(st)
	case *syntax.Reset:
		return nil
	case *syntax.CreateTable:
		return d.createTable(st)
	case *syntax.CreateView:
		return d.createView(st)
	case *syntax.Insert:
		return d.insert(st)
	case *syntax.StatementSet:
		return d.statementSet(st)
	case *syntax.Explain:
		return d.explain(st)
	case *syntax.Drop:
		return d.drop(st, text)
	case *syntax.Use:
		return d.use(st, text)
	case *syntax.CreateCatalog:
		return d.createCatalog(st)
	case *syntax.CreateDatabase:
		return d.createDatabase(st)
	case *syntax.QueryStmt:
		return d.bareQuery(st)
	}
	return d.errorf(st.Position(), "%s is not supported by Sluice (supported statements: %s)", statementKind(text), supportedStatements)
}

// set accepts SET 'key' = 'value' and the SQL client's SET key = value;
// the settings themselves are read by sql.Script.Settings.
func (d *decls) set(st *syntax.Set) error {
	if st.Prop == nil {
		return d.errorf(st.Position(), "SET without a key is not supported by Sluice: write SET 'key' = 'value'")
	}
	// The session zone is read when the job is planned; a bad one is
	// reported here, where the SET names it.
	if st.Prop.Key == "table.local-time-zone" {
		if _, err := expr.SessionZone(st.Prop.Value); err != nil {
			e := d.errorf(st.Prop.ValuePos, "%v", err)
			e.Err = err
			return e
		}
	}
	return nil
}

func (d *decls) createView(st *syntax.CreateView) error {
	name := st.Name.Last()
	id, err := d.newObject(st.Name, st.IfNotExists, false)
	if id == "" || err != nil {
		return err
	}
	if len(st.Columns) > 0 {
		return d.errorf(st.Columns[0].Position(), "a column list on CREATE VIEW is not supported by Sluice yet: alias the columns in the query")
	}
	v := &ViewDecl{Name: name.Name, Pos: d.src.At(name.Position()), Query: st.Query, Current: d.cat.Current}
	d.mutable().Views[id] = v
	d.cat.temporary[id] = st.Temporary
	return nil
}

func (d *decls) insert(st *syntax.Insert) error {
	switch {
	case st.Overwrite:
		return d.errorf(st.Position(), "INSERT OVERWRITE is not supported in streaming mode")
	case len(st.Partition) > 0:
		return d.errorf(st.Partition[0].Position(), "INSERT INTO ... PARTITION is not supported by Sluice")
	}
	d.out.Inserts = append(d.out.Inserts, &InsertDecl{
		Target: st.Table, Table: plainName(st.Table), Catalog: d.snapshot(), TablePos: d.src.At(st.Table.Position()), Columns: st.Columns,
		Hints: st.Hints, Query: st.Query, Pos: d.src.At(st.Query.Position()),
	})
	return nil
}

// bareQuery adds a query on its own (SQL-client style) as an INSERT into an
// implicit print table named after the statement's position: the SQL
// client shows its rows, and Sluice prints them, in the print format.
// Unlike the SQL client, which runs each query as a job of its own, the
// queries run in the script's one job, with its INSERTs.
func (d *decls) bareQuery(st *syntax.QueryStmt) error {
	at := d.src.At(st.Position())
	d.out.Inserts = append(d.out.Inserts, &InsertDecl{
		Select: &BareSelect{Name: "select at " + at.String(), Text: syntax.Format(st)},
		Table:  "select at " + at.String(), TablePos: at, Catalog: d.snapshot(), Query: st.Query, Pos: d.src.At(st.Query.Position()),
	})
	return nil
}

// statementSet adds the set's INSERTs; they run as one job, as every
// INSERT of the script does.
func (d *decls) statementSet(st *syntax.StatementSet) error {
	if len(st.Stmts) == 0 {
		return d.errorf(st.Position(), "statement set is empty: it needs at least one INSERT INTO")
	}
	for _, m := range st.Stmts {
		ins, ok := m.(*syntax.Insert)
		if !ok {
			return d.errorf(m.Position(), "only INSERT INTO statements can be in a statement set, not %s", statementKind(syntax.Format(m)))
		}
		if err := d.insert(ins); err != nil {
			return err
		}
	}
	return nil
}

// explain checks what EXPLAIN explains; it is not run.
func (d *decls) explain(st *syntax.Explain) error {
	switch st.Stmt.(type) {
	case *syntax.Insert, *syntax.StatementSet, *syntax.QueryStmt:
		return nil
	}
	return d.errorf(st.Stmt.Position(), "EXPLAIN of %s is not supported by Sluice: EXPLAIN a query, an INSERT INTO ... SELECT or a statement set", statementKind(syntax.Format(st.Stmt)))
}

// statementKind names a statement by its leading keywords, e.g.
// "CREATE TEMPORARY FUNCTION" or "USE CATALOG", for error messages.
func statementKind(text string) string {
	var words []string
	for i, w := range strings.Fields(text) {
		w = strings.ToUpper(w)
		if i == 4 || !isWord(w) || (i > 0 && !isStatementKindWord(w)) {
			break
		}
		words = append(words, w)
	}
	if len(words) == 0 {
		return "this statement"
	}
	return strings.Join(words, " ")
}

func isWord(w string) bool {
	for _, r := range w {
		if (r < 'A' || r > 'Z') && r != '_' {
			return false
		}
	}
	return w != ""
}

// isStatementKindWord reports whether a keyword can follow the first one in
// a statement's name; anything else (a table name, ...) ends the name.
func isStatementKindWord(w string) bool {
	switch w {
	case "TEMPORARY", "SYSTEM", "OR", "REPLACE", "TABLE", "TABLES", "VIEW", "VIEWS",
		"FUNCTION", "FUNCTIONS", "CATALOG", "CATALOGS", "DATABASE", "DATABASES",
		"MODULE", "MODULES", "JAR", "JARS", "MODEL", "MODELS", "COLUMNS", "CREATE",
		"PARTITIONS", "CURRENT", "PROCEDURES", "JOBS", "JOB", "INTO", "OVERWRITE",
		"STATEMENT", "SET", "FULL", "ALL", "IF", "EXISTS", "NOT", "INSERT":
		return true
	}
	return false
}
