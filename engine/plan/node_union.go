package plan

import (
	"fmt"
	"strings"

	"github.com/sluice-sql/sluice/engine/types"
)

// Union is UNION ALL: every row of every input, in arrival order. The
// inputs have the same column types (the planner casts them to a common
// type first); the names are the first input's.
type Union struct {
	Ins   []Node
	Names []string
}

func (u *Union) Schema() types.Schema {
	s := make(types.Schema, len(u.Names))
	for i, name := range u.Names {
		t := u.Ins[0].Schema()[i].Type
		for _, in := range u.Ins[1:] {
			t.NotNull = t.NotNull && in.Schema()[i].Type.NotNull
		}
		s[i] = types.Column{Name: name, Type: t}
	}
	return s
}
func (u *Union) Inputs() []Node { return u.Ins }
func (u *Union) Describe() string {
	return fmt.Sprintf("Union(all=[true], union=[%s])", strings.Join(u.Names, ", "))
}
