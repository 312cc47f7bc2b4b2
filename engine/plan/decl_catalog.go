package plan

import (
	"maps"
	"strings"

	"github.com/sluice-sql/sluice/sql/syntax"
)

// Flink's built-in, in-memory catalog and database.
const (
	defaultCatalog  = "default_catalog"
	defaultDatabase = "default_database"
)

// Catalog is the tables and views a statement sees, as Flink's catalog
// manager holds them when the statement runs: later DROPs and CREATEs do
// not change what an earlier INSERT reads. Objects are keyed by their full
// identifier, catalog.database.name.
type Catalog struct {
	Tables map[string]*TableDecl
	Views  map[string]*ViewDecl
	// Current is the current catalog and database (USE).
	Current [2]string
	// databases holds "catalog.database" for every database, and
	// "catalog" for every catalog; temporary the identifiers of
	// temporary objects.
	databases map[string]bool
	temporary map[string]bool
}

func newCatalog() *Catalog {
	return &Catalog{Tables: map[string]*TableDecl{}, Views: map[string]*ViewDecl{},
		Current:   [2]string{defaultCatalog, defaultDatabase},
		databases: map[string]bool{defaultCatalog: true, defaultCatalog + "." + defaultDatabase: true},
		temporary: map[string]bool{}}
}

// clone copies the catalog, so that a statement's snapshot stays as it was.
func (c *Catalog) clone() *Catalog {
	return &Catalog{Tables: maps.Clone(c.Tables), Views: maps.Clone(c.Views), Current: c.Current,
		databases: maps.Clone(c.databases), temporary: maps.Clone(c.temporary)}
}

// identifier is the full name of a table or view written as name,
// db.name or catalog.db.name (names are case-sensitive, as in Flink).
func (c *Catalog) identifier(name syntax.Name) string {
	parts := make([]string, 0, 3)
	switch len(name) {
	case 1:
		parts = append(parts, c.Current[0], c.Current[1])
	case 2:
		parts = append(parts, c.Current[0])
	}
	for _, id := range name {
		parts = append(parts, id.Name)
	}
	return strings.Join(parts, ".")
}

// names lists the short names of the objects the current database holds,
// for "did you mean" suggestions.
func (c *Catalog) names() []string {
	prefix := c.Current[0] + "." + c.Current[1] + "."
	var out []string
	for _, m := range []map[string]bool{keys(c.Tables), keys(c.Views)} {
		for id := range m {
			if strings.HasPrefix(id, prefix) {
				out = append(out, strings.TrimPrefix(id, prefix))
			}
		}
	}
	return out
}

func keys[V any](m map[string]V) map[string]bool {
	out := make(map[string]bool, len(m))
	for k := range m {
		out[k] = true
	}
	return out
}

// snapshot returns the catalog for a statement to keep.
func (d *decls) snapshot() *Catalog {
	d.shared = true
	return d.cat
}

// mutable returns the catalog to change, copying it if a statement kept it.
func (d *decls) mutable() *Catalog {
	if d.shared {
		d.cat, d.shared = d.cat.clone(), false
	}
	return d.cat
}

// newObject checks that a table (or view) may be created under name and
// returns its identifier, or "" when IF NOT EXISTS finds it already there.
func (d *decls) newObject(name syntax.Name, ifNotExists, table bool) (string, error) {
	if len(name) > 3 {
		return "", d.errorf(name.Position(), "the name %s has more than three parts (catalog.database.name)", plainName(name))
	}
	id := d.cat.identifier(name)
	db := id[:strings.LastIndexByte(id, '.')]
	if !d.cat.databases[db] {
		cat, base, _ := strings.Cut(db, ".")
		return "", d.errorf(name.Position(), "Database %s does not exist in Catalog %s.", base, cat)
	}
	_, isTable := d.cat.Tables[id]
	_, isView := d.cat.Views[id]
	short := name.Last().Name
	switch {
	case (isTable || isView) && ifNotExists:
		return "", nil
	case isTable && table:
		return "", d.errorf(name.Last().Position(), "Table `%s` already exists", short)
	case isTable || isView && table:
		return "", d.errorf(name.Last().Position(), "Table or view `%s` already exists", short)
	case isView:
		return "", d.errorf(name.Last().Position(), "View `%s` already exists", short)
	}
	return id, nil
}

// drop runs DROP [TEMPORARY] TABLE|VIEW [IF EXISTS] name.
func (d *decls) drop(st *syntax.Drop, text string) error {
	if st.Object != "TABLE" && st.Object != "VIEW" {
		return d.errorf(st.Position(), "%s is not supported by Sluice (supported statements: %s)", statementKind(text), supportedStatements)
	}
	id := d.cat.identifier(st.Name)
	_, exists := d.cat.Tables[id]
	what := "Table"
	if st.Object == "VIEW" {
		_, exists = d.cat.Views[id]
		what = "View"
	}
	if st.Temporary && exists && !d.cat.temporary[id] {
		exists = false
		what = "Temporary " + strings.ToLower(what)
	}
	if !exists {
		if st.IfExists {
			return nil
		}
		return d.errorf(st.Name.Position(), "%s with identifier '%s' does not exist.", what, id)
	}
	c := d.mutable()
	delete(c.Tables, id)
	delete(c.Views, id)
	delete(c.temporary, id)
	return nil
}
