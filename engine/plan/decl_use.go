package plan

import (
	"strings"

	"github.com/sluice-sql/sluice/sql/syntax"
)

// inMemoryCatalogType is the only catalog type Sluice has: Flink's
// GenericInMemoryCatalog, which holds what the script declares.
const inMemoryCatalogType = "generic_in_memory"

// use runs USE CATALOG c, USE db or USE c.db.
func (d *decls) use(st *syntax.Use, text string) error {
	switch {
	case st.Modules != nil:
		return d.errorf(st.Position(), "%s is not supported by Sluice (supported statements: %s)", statementKind(text), supportedStatements)
	case st.Catalog:
		name := plainName(st.Name)
		if !d.cat.databases[name] || len(st.Name) != 1 {
			return d.errorf(st.Name.Position(), "A catalog with name [%s] does not exist.", name)
		}
		d.mutable().Current = [2]string{name, d.firstDatabase(name)}
		return nil
	}
	cat, db := d.cat.Current[0], st.Name.Last().Name
	switch len(st.Name) {
	case 2:
		cat = st.Name[0].Name
		if !d.cat.databases[cat] {
			return d.errorf(st.Name.Position(), "A catalog with name [%s] does not exist.", cat)
		}
	case 1:
	default:
		return d.errorf(st.Name.Position(), "the name %s has more than two parts (catalog.database)", plainName(st.Name))
	}
	if !d.cat.databases[cat+"."+db] {
		return d.errorf(st.Name.Last().Position(), "A database with name [%s] does not exist in the catalog: [%s].", db, cat)
	}
	d.mutable().Current = [2]string{cat, db}
	return nil
}

// firstDatabase is the database USE CATALOG switches to: the catalog's
// default one (default_database, as Flink's in-memory catalog has).
func (d *decls) firstDatabase(cat string) string {
	if d.cat.databases[cat+"."+defaultDatabase] {
		return defaultDatabase
	}
	for key := range d.cat.databases {
		if c, db, ok := strings.Cut(key, "."); ok && c == cat {
			return db
		}
	}
	return defaultDatabase
}

// createCatalog runs CREATE CATALOG c WITH ('type' = 'generic_in_memory').
func (d *decls) createCatalog(st *syntax.CreateCatalog) error {
	name := st.Name.Name
	var typ *syntax.Property
	for i := range st.Options {
		if st.Options[i].Key == "type" {
			typ = &st.Options[i]
		}
	}
	switch {
	case typ == nil:
		return d.errorf(st.Position(), "Catalog options do not contain an option key 'type' for discovering a catalog. Catalog: `%s`", name)
	case typ.Value != inMemoryCatalogType:
		return d.errorf(typ.ValuePos, "catalog type '%s' is not supported by Sluice: only '%s' (Flink's in-memory catalog)", typ.Value, inMemoryCatalogType)
	case len(st.Options) > 1:
		for _, o := range st.Options {
			if o.Key != "type" {
				return d.errorf(o.Position(), "Unsupported options found for '%s'.\n\nUnsupported options:\n\n%s\n\nSupported options:\n\ndefault-database\ntype", inMemoryCatalogType, o.Key)
			}
		}
	}
	if d.cat.databases[name] {
		if st.IfNotExists {
			return nil
		}
		return d.errorf(st.Name.Position(), "Catalog %s already exists.", name)
	}
	c := d.mutable()
	c.databases[name] = true
	c.databases[name+"."+defaultDatabase] = true
	return nil
}

// createDatabase runs CREATE DATABASE [IF NOT EXISTS] [c.]db.
func (d *decls) createDatabase(st *syntax.CreateDatabase) error {
	cat, db := d.cat.Current[0], st.Name.Last().Name
	switch len(st.Name) {
	case 2:
		cat = st.Name[0].Name
	case 1:
	default:
		return d.errorf(st.Name.Position(), "the name %s has more than two parts (catalog.database)", plainName(st.Name))
	}
	if !d.cat.databases[cat] {
		return d.errorf(st.Name.Position(), "A catalog with name [%s] does not exist.", cat)
	}
	if d.cat.databases[cat+"."+db] {
		if st.IfNotExists {
			return nil
		}
		return d.errorf(st.Name.Last().Position(), "Database %s already exists in Catalog %s.", db, cat)
	}
	d.mutable().databases[cat+"."+db] = true
	return nil
}
