package plan

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"go.uber.org/zap"

	"github.com/sluice-sql/sluice/connectors"
	"github.com/sluice-sql/sluice/engine/expr"
	"github.com/sluice-sql/sluice/engine/types"
	"github.com/sluice-sql/sluice/sql"
)

// Planner plans scripts against a connector registry.
type Planner struct {
	Registry *connectors.Registry
	Logger   *zap.Logger
	// Now is the clock of PROCTIME(), CURRENT_TIMESTAMP and friends (nil:
	// the wall clock); tests set it to check what they compute.
	Now func() time.Time
}

// planning is the state of one Plan call.
type planning struct {
	*Planner
	src *sql.Source
	// cat is the catalog the statement being planned sees.
	cat *Catalog
	// ctes are the WITH elements the query being planned can read.
	ctes *cteScope
	// memo shares equal sub-plans between INSERTs (Flink's sub-plan reuse):
	// a digest of a node and its inputs maps to the node built first.
	memo  map[string]Node
	graph *Graph
	// expanding guards against a view that refers to itself.
	expanding map[string]bool
	// fns resolves function calls and casts in the job's session time
	// zone; built once per Plan from the script's settings.
	fns *expr.Functions
	// labelSelects is set when the script has several queries on their
	// own: their rows are then prefixed with the query's position.
	labelSelects bool
}

// Plan validates the script and builds its operator graph. Nothing is
// started: connectors are only checked, not opened.
func (p *Planner) Plan(s *Script) (*Graph, error) {
	if p.Logger == nil {
		p.Logger = zap.NewNop()
	}
	if s.Source == nil {
		s.Source = sql.NewSource("", "")
	}
	fns, err := sessionFunctions(s.Settings)
	if err != nil {
		return nil, err
	}
	if p.Now != nil {
		fns.Now = p.Now
	}
	st := &planning{Planner: p, src: s.Source, fns: fns,
		memo: map[string]Node{}, graph: &Graph{Settings: s.Settings}, expanding: map[string]bool{}}
	if len(s.Inserts) == 0 {
		return nil, fmt.Errorf("the script has no INSERT INTO statement and no query: there is nothing to run")
	}
	st.labelSelects = countSelects(s.Inserts) > 1
	for _, ins := range s.Inserts {
		sink, err := st.insert(ins)
		if err != nil {
			return nil, err
		}
		st.graph.Sinks = append(st.graph.Sinks, sink)
	}
	return st.graph, nil
}

// sessionFunctions builds the function registry in the session's time zone
// ('table.local-time-zone') and cast behaviour
// ('table.exec.legacy-cast-behaviour').
func sessionFunctions(settings map[string]string) (*expr.Functions, error) {
	zone, err := expr.SessionZone(settings["table.local-time-zone"])
	if err != nil {
		return nil, fmt.Errorf("SET 'table.local-time-zone': %w", err)
	}
	fns := expr.NewFunctions(zone)
	fns.LegacyCast = strings.EqualFold(settings["table.exec.legacy-cast-behaviour"], "ENABLED")
	return fns, nil
}

func errorf(pos sql.Pos, format string, args ...any) error {
	return &sql.Error{Pos: pos, Msg: fmt.Sprintf(format, args...)}
}

// share returns the node already planned with the same digest, or n.
func (st *planning) share(n Node) Node {
	d := digest(n)
	if prev, ok := st.memo[d]; ok {
		return prev
	}
	st.memo[d] = n
	if s, ok := n.(*Scan); ok {
		st.graph.Scans = append(st.graph.Scans, s)
	}
	return n
}

func digest(n Node) string {
	var b strings.Builder
	b.WriteString(n.Describe())
	// EXPLAIN shows an OPTIONS hint with its secrets hidden; scans that
	// differ only in a secret are still different scans.
	if s, ok := n.(*Scan); ok && s.Table.Hint != nil {
		for _, k := range sortedKeys(s.Table.Hint) {
			fmt.Fprintf(&b, "[%q=%q]", k, s.Table.Hint[k])
		}
	}
	for _, in := range n.Inputs() {
		b.WriteString("(" + digest(in) + ")")
	}
	return b.String()
}

// connectorTable validates a table's connector options and returns the factory.
func (st *planning) connectorTable(t *TableDecl) (connectors.Factory, connectors.Table, error) {
	ct := connectors.Table{
		Name: t.Name, Schema: t.PhysicalSchema(), Metadata: t.Metadata, Options: t.Options,
		PrimaryKey: t.PrimaryKey, PartitionKeys: t.PartitionKeys,
		Formats: st.Registry.Formats(), Logger: st.Logger.With(zap.String("table", t.Name)),
	}
	id, ok := t.Options["connector"]
	if !ok {
		return nil, ct, errorf(t.Pos, "Table options do not contain an option key 'connector' for discovering a connector. Table: `%s`", t.Name)
	}
	f, err := st.Registry.Lookup(id)
	if err != nil {
		return nil, ct, &sql.Error{Pos: t.OptionPos("connector"), Msg: fmt.Sprintf("table `%s`: %v", t.Name, err)}
	}
	spec, err := f.Options(ct)
	if err == nil {
		err = spec.Validate(id, t.Options)
	}
	if err != nil {
		return nil, ct, st.optionError(t, err)
	}
	return f, ct, nil
}

// optionError points a connector's option error at the first option it names.
func (st *planning) optionError(t *TableDecl, err error) error {
	pos := t.Pos
	if oe, ok := err.(*connectors.OptionError); ok && len(oe.Keys) > 0 {
		keys := append([]string(nil), oe.Keys...)
		sort.Strings(keys)
		if _, written := t.Options[keys[0]]; written {
			pos = t.OptionPos(keys[0])
		}
	}
	if ce, ok := err.(*connectors.ColumnError); ok {
		for i, m := range t.Metadata {
			if m.Name == ce.Column && i < len(t.MetadataPos) {
				pos = t.MetadataPos[i]
			}
		}
	}
	return &sql.Error{Pos: pos, Msg: fmt.Sprintf("table `%s`: %v", t.Name, err)}
}

// scan plans a read of table t, with the options of its OPTIONS hint (nil
// for none): a scan with other options is another scan, never shared.
func (st *planning) scan(t *TableDecl, at sql.Pos, opts *hint) (Node, error) {
	if opts != nil {
		t = t.withOptions(opts)
	}
	f, ct, err := st.connectorTable(t)
	if err != nil {
		return nil, err
	}
	sf, ok := f.(connectors.SourceFactory)
	if !ok {
		return nil, errorf(at, "Connector '%s' can only be used as a sink. It cannot be used as a source (table `%s`).", f.Identifier(), t.Name)
	}
	// What the connector checks when it opens the table is checked now, so
	// that explain rejects what run would.
	if v, ok := f.(connectors.SourceValidator); ok {
		if err := v.ValidateSource(ct); err != nil {
			return nil, st.optionError(t, err)
		}
	}
	return st.share(&Scan{Table: t, Factory: sf, Conn: ct}), nil
}

// insert plans INSERT INTO table query.
func (st *planning) insert(ins *InsertDecl) (*Sink, error) {
	st.cat = ins.Catalog
	if ins.Select != nil {
		return st.bareSelect(ins)
	}
	id := st.cat.identifier(ins.Target)
	t, ok := st.cat.Tables[id]
	if !ok {
		if _, isView := st.cat.Views[id]; isView {
			return nil, errorf(ins.TablePos, "cannot INSERT INTO view `%s`", ins.Table)
		}
		return nil, errorf(ins.TablePos, "Object '%s' not found%s", ins.Table, suggest(ins.Table, st.tableNames()))
	}
	// Every hint is checked before anything is planned, as Flink does.
	target, err := st.hintsOf(ins.Hints)
	if err == nil {
		err = checkHints(target)
	}
	if err == nil {
		err = st.checkHints(ins.Query)
	}
	if err != nil {
		return nil, err
	}
	opts, err := st.tableOptions(target, "an INSERT's target table")
	if err != nil {
		return nil, err
	}
	if opts != nil {
		t = t.withOptions(opts)
	}
	f, ct, err := st.connectorTable(t)
	if err != nil {
		return nil, err
	}
	sf, ok := f.(connectors.SinkFactory)
	if !ok {
		return nil, errorf(ins.TablePos, "Connector '%s' can only be used as a source. It cannot be used as a sink (table `%s`).", f.Identifier(), t.Name)
	}
	if v, ok := f.(connectors.SinkValidator); ok {
		if err := v.ValidateSink(ct); err != nil {
			return nil, st.optionError(t, err)
		}
	}
	q, err := st.query(ins.Query)
	if err != nil {
		return nil, err
	}
	input, err := st.conform(q, t, ins)
	if err != nil {
		return nil, err
	}
	return &Sink{Input: input, Table: t, Factory: sf, Conn: ct}, nil
}

func (st *planning) tableNames() []string {
	names := st.cat.names()
	sort.Strings(names)
	return names
}

// suggest names a case-insensitive match, since Flink identifiers are case-sensitive.
func suggest(name string, candidates []string) string {
	for _, c := range candidates {
		if strings.EqualFold(c, name) {
			return fmt.Sprintf(" (did you mean `%s`? identifiers are case-sensitive)", c)
		}
	}
	return ""
}

// targetColumns maps each sink column to the query column that fills it
// (-1: NULL), from the INSERT's column list or by position.
func (st *planning) targetColumns(qs types.Schema, t *TableDecl, ins *InsertDecl) ([]int, error) {
	sinkSchema := t.SinkSchema()
	target := make([]int, len(sinkSchema)) // sink column -> query column, -1 = NULL
	for i := range target {
		target[i] = i
	}
	if len(ins.Columns) > 0 {
		for i := range target {
			target[i] = -1
		}
		names := make([]string, len(ins.Columns))
		for qi, c := range ins.Columns {
			names[qi] = c.Name
			si := sinkSchema.Index(c.Name)
			if si < 0 {
				return nil, st.src.ErrorAt(c.Position(), "Unknown target column '%s' of table `%s`", c.Name, t.Name)
			}
			if target[si] >= 0 {
				return nil, st.src.ErrorAt(c.Position(), "Target column '%s' is assigned more than once", c.Name)
			}
			target[si] = qi
		}
		if len(ins.Columns) != len(qs) {
			return nil, errorf(ins.Pos, "Column types of query result and sink for `%s` do not match.\nCause: Different number of columns.\n\nQuery schema: %s\nTarget columns: [%s]",
				t.Name, schemaList(qs), strings.Join(names, ", "))
		}
	} else if len(qs) != len(sinkSchema) {
		return nil, errorf(ins.Pos, "Column types of query result and sink for `%s` do not match.\nCause: Different number of columns.\n\nQuery schema: %s\nSink schema:  %s",
			t.Name, schemaList(qs), schemaList(sinkSchema))
	}
	return target, nil
}

// conform maps the query's columns onto the sink's columns: same count,
// implicitly castable types, and an optional target column list.
func (st *planning) conform(q Node, t *TableDecl, ins *InsertDecl) (Node, error) {
	sinkSchema := t.SinkSchema()
	qs := q.Schema()
	target, err := st.targetColumns(qs, t, ins)
	if err != nil {
		return nil, err
	}
	exprs := make([]expr.Expr, len(sinkSchema))
	identity := len(qs) == len(sinkSchema)
	for si, col := range sinkSchema {
		qi := target[si]
		if qi < 0 {
			if col.Type.NotNull {
				return nil, errorf(ins.Pos, "Column '%s' of table `%s` is NOT NULL and has no value in the INSERT", col.Name, t.Name)
			}
			exprs[si] = &expr.Literal{V: types.Null, T: col.Type, Text: "null"}
			identity = false
			continue
		}
		from := qs[qi].Type
		if !implicitlyCastable(from, col.Type) {
			return nil, errorf(ins.Pos, "Column types of query result and sink for `%s` do not match.\nCause: Incompatible types for sink column '%s' at position %d.\n\nQuery schema: %s\nSink schema:  %s",
				t.Name, col.Name, si, schemaList(qs), schemaList(sinkSchema))
		}
		e, err := st.assignCast(&expr.Column{Index: qi, Name: qs[qi].Name, T: from}, col.Type)
		if err != nil {
			return nil, errorf(ins.Pos, "sink column '%s' of table `%s`: %v", col.Name, t.Name, err)
		}
		if _, cast := e.(*expr.Cast); cast {
			identity = false
		}
		if qi != si {
			identity = false
		}
		exprs[si] = e
	}
	if identity {
		return q, nil
	}
	return st.share(&Project{Input: q, Exprs: exprs, Names: sinkSchema.Names()}), nil
}

func schemaList(s types.Schema) string {
	parts := make([]string, len(s))
	for i, c := range s {
		parts[i] = c.Name + ": " + c.Type.String()
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

// nestedCastable applies implicitlyCastable element by element: an ARRAY,
// MULTISET, MAP or ROW (fields by position, names aside) goes into a sink
// column of the same kind whose parts its parts cast into implicitly.
func nestedCastable(from, to types.Type) bool {
	if from.Kind != to.Kind || from.Nested == nil || to.Nested == nil {
		return false
	}
	f, t := from.Nested, to.Nested
	switch from.Kind {
	case types.KindMap:
		return implicitlyCastable(f.Key, t.Key) && implicitlyCastable(f.Elem, t.Elem)
	case types.KindRow:
		if len(f.Fields) != len(t.Fields) {
			return false
		}
		for i := range f.Fields {
			if !implicitlyCastable(f.Fields[i].Type, t.Fields[i].Type) {
				return false
			}
		}
		return true
	}
	return implicitlyCastable(f.Elem, t.Elem)
}

// assignCast converts a query column to its sink column's type: within a
// family by widening; between TIMESTAMP and TIMESTAMP_LTZ in the session
// time zone, as Flink's implicit cast does.
func (st *planning) assignCast(c *expr.Column, to types.Type) (expr.Expr, error) {
	from := c.T
	switch {
	case from.IsTimestamp() && to.IsTimestamp() && from.Kind != to.Kind,
		from.Nested != nil && !from.Nullable().Equal(to.Nullable()):
		return st.fns.Cast(c, to.Nullable(), false)
	case from.Kind != to.Kind || from.Kind == types.KindDecimal && (from.Precision != to.Precision || from.Scale != to.Scale):
		return &expr.Cast{X: c, To: to}, nil
	}
	return c, nil
}

// implicitlyCastable follows Flink's implicit casts for INSERT: within a type
// family, and from exact numbers to wider numbers.
func implicitlyCastable(from, to types.Type) bool {
	if from.Kind == types.KindNull {
		return true
	}
	if from.Nested != nil || to.Nested != nil {
		return nestedCastable(from, to)
	}
	switch {
	case from.IsString() && to.IsString(), from.IsTimestamp() && to.IsTimestamp():
		// TIMESTAMP and TIMESTAMP_LTZ cast implicitly into each other.
		return true
	case from.IsInteger() && to.IsInteger():
		return from.Kind <= to.Kind
	case from.IsNumeric() && to.IsNumeric():
		// Integers and decimals widen to decimals and approximate numbers;
		// FLOAT widens to DOUBLE; decimals stay decimals.
		switch to.Kind {
		case types.KindDouble:
			return true
		case types.KindFloat:
			return from.Kind != types.KindDouble
		case types.KindDecimal:
			return from.IsInteger() || from.Kind == types.KindDecimal
		}
		return false
	}
	return from.Kind == to.Kind
}
