package job

import (
	"github.com/sluice-sql/sluice/connectors"
	"github.com/sluice-sql/sluice/engine/plan"
	"github.com/sluice-sql/sluice/sql"
)

// fromSQL hands the parsed statements to the planner in its own terms.
func fromSQL(s *sql.Script) (*plan.Script, error) {
	out := &plan.Script{Settings: s.Settings()}
	seen := map[string]bool{}
	for _, ct := range s.Tables() {
		if seen[ct.Name] && ct.IfNotExists {
			continue
		}
		seen[ct.Name] = true
		t, err := tableDecl(ct)
		if err != nil {
			return nil, err
		}
		out.Tables = append(out.Tables, t)
	}
	for _, v := range s.Views() {
		if seen[v.Name] && v.IfNotExists {
			continue
		}
		seen[v.Name] = true
		if len(v.Columns) > 0 {
			return nil, &sql.Error{Pos: v.Columns[0].Pos, Msg: "a column list on CREATE VIEW is not supported by Sluice yet: alias the columns in the query"}
		}
		out.Views = append(out.Views, &plan.ViewDecl{Name: v.Name, Pos: v.NamePos, Query: v.Query, Locate: v.Locate, Hints: v.Hints})
	}
	for _, ins := range s.Inserts() {
		out.Inserts = append(out.Inserts, &plan.InsertDecl{
			Table: ins.Table, TablePos: ins.TablePos, Columns: ins.Columns,
			Query: ins.Query, Locate: ins.Locate, Pos: ins.QueryPos, Hints: ins.Hints,
		})
	}
	return out, nil
}

func tableDecl(ct *sql.CreateTable) (*plan.TableDecl, error) {
	t := &plan.TableDecl{Name: ct.Name, Pos: ct.NamePos, Options: ct.OptionMap(), OptionPos: ct.OptionPos}
	if ct.Watermark != nil {
		return nil, &sql.Error{Pos: ct.Watermark.Pos, Msg: "WATERMARK is not supported by Sluice yet (time attributes and windows are not implemented)"}
	}
	for _, c := range ct.Columns {
		switch c.Kind {
		case sql.PhysicalColumn:
			t.Physical = append(t.Physical, plan.ColumnDecl{Name: c.Name, Type: c.Type, Pos: c.Pos})
		case sql.MetadataColumn:
			key := c.MetadataKey
			if key == "" {
				key = c.Name
			}
			t.Metadata = append(t.Metadata, connectors.MetadataColumn{Name: c.Name, Type: c.Type, Key: key, Virtual: c.Virtual})
			t.MetadataPos = append(t.MetadataPos, c.Pos)
		default:
			return nil, &sql.Error{Pos: c.Pos, Msg: "computed column `" + c.Name + "` is not supported by Sluice yet"}
		}
	}
	if ct.PrimaryKey != nil {
		for _, c := range ct.PrimaryKey.Columns {
			t.PrimaryKey = append(t.PrimaryKey, c.Name)
		}
	}
	for _, p := range ct.PartitionedBy {
		t.PartitionKeys = append(t.PartitionKeys, p.Name)
	}
	return t, nil
}
