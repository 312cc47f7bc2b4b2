package syntax

// Query is a full query: [WITH ...] body [ORDER BY ...] [LIMIT|OFFSET|FETCH].
type Query struct {
	node
	With       []CTE
	Body       QueryBody
	OrderBy    []OrderItem
	Limit      Expr // LIMIT n, or FETCH FIRST n ROWS ONLY (FetchFirst set)
	Offset     Expr
	FetchFirst bool
}

// CTE is one WITH name [(cols)] AS (query) element.
type CTE struct {
	node
	Name    Ident
	Columns []Ident
	Query   *Query
}

// QueryBody is a SELECT, a set operation, VALUES, or a parenthesised Query.
type QueryBody interface {
	Node
	queryBody()
}

// Select is one SELECT block.
type Select struct {
	node
	Hints      []Hint
	Quantifier string // ALL or DISTINCT
	Items      []SelectItem
	From       TableRef
	Where      Expr
	GroupBy    *GroupBy
	Having     Expr
	Windows    []NamedWindow
}

// SelectItem is one expression of a SELECT list with its optional alias.
type SelectItem struct {
	node
	Expr  Expr
	Alias *Ident
}

// GroupBy is GROUP BY [ALL|DISTINCT] items.
type GroupBy struct {
	node
	Quantifier string
	Items      []Expr
}

// NamedWindow is WINDOW name AS (spec).
type NamedWindow struct {
	node
	Name Ident
	Spec *WindowSpec
}

// SetOp is left UNION|INTERSECT|EXCEPT [ALL|DISTINCT] right. MINUS is
// recorded as EXCEPT with Spelling MINUS.
type SetOp struct {
	node
	Op         string
	Spelling   string
	Quantifier string
	L, R       QueryBody
}

// Values is VALUES (row), (row) ...
type Values struct {
	node
	Rows []Expr
}

// ExplicitTable is TABLE t as a query.
type ExplicitTable struct {
	node
	Name Name
}

func (*Select) queryBody()        {}
func (*SetOp) queryBody()         {}
func (*Values) queryBody()        {}
func (*Query) queryBody()         {}
func (*ExplicitTable) queryBody() {}

// OrderItem is expr [ASC|DESC] [NULLS FIRST|LAST].
type OrderItem struct {
	node
	Expr      Expr
	Direction string
	Nulls     string
}

// WindowSpec is the inside of OVER (...) or WINDOW w AS (...).
type WindowSpec struct {
	node
	Base        *Ident
	PartitionBy []Expr
	OrderBy     []OrderItem
	Frame       *Frame
}

// Frame is ROWS|RANGE [BETWEEN] start [AND end].
type Frame struct {
	node
	Unit  string
	Start FrameBound
	End   *FrameBound
}

// FrameBound is UNBOUNDED PRECEDING|FOLLOWING, CURRENT ROW, or expr
// PRECEDING|FOLLOWING.
type FrameBound struct {
	node
	Kind   string // UNBOUNDED, CURRENT ROW, or "" for an expression
	Offset Expr
	Dir    string // PRECEDING or FOLLOWING
}

// TableRef is a FROM clause element.
type TableRef interface {
	Node
	tableRef()
}

// Alias is AS name [(col, ...)] after a table reference.
type Alias struct {
	node
	Name    Ident
	Columns []Ident
}

// TableName is a named table with its hints, temporal clause and alias.
type TableName struct {
	node
	Name       Name
	Hints      []Hint
	SystemTime Expr // FOR SYSTEM_TIME AS OF expr
	Alias      *Alias
}

// Derived is a subquery in FROM: [LATERAL] (query) [AS] alias.
type Derived struct {
	node
	Lateral bool
	Query   *Query
	Alias   *Alias
}

// TableFunc is TABLE(f(args)) or LATERAL TABLE(f(args)) with its alias.
type TableFunc struct {
	node
	Lateral bool
	Call    Expr
	Alias   *Alias
}

// Unnest is UNNEST(a, ...) [WITH ORDINALITY] [AS alias].
type Unnest struct {
	node
	Items      []Expr
	Ordinality bool
	Alias      *Alias
}

// Join is two table references joined. Kind is INNER, LEFT, RIGHT, FULL,
// CROSS or COMMA (FROM a, b).
type Join struct {
	node
	Kind    string
	Natural bool
	Outer   bool // OUTER written
	L, R    TableRef
	On      Expr
	Using   []Ident
}

// ParenTable is a parenthesised join: (a JOIN b ON ...).
type ParenTable struct {
	node
	Table TableRef
	Alias *Alias
}

// MatchRecognize is input MATCH_RECOGNIZE (...) [AS alias].
type MatchRecognize struct {
	node
	Input        TableRef
	PartitionBy  []Expr
	OrderBy      []OrderItem
	Measures     []SelectItem
	RowsPerMatch string // ONE ROW PER MATCH, ALL ROWS PER MATCH
	AfterMatch   string // SKIP TO NEXT ROW, SKIP PAST LAST ROW, SKIP TO FIRST, SKIP TO LAST, SKIP TO
	AfterVar     *Ident
	StartAnchor  bool // ^
	EndAnchor    bool // $
	Pattern      PatternTerm
	Within       Expr
	Subsets      []Subset
	Defines      []SelectItem // Expr AS Alias: the definition of a pattern variable
	Alias        *Alias
}

// Subset is SUBSET name = (a, b).
type Subset struct {
	node
	Name Ident
	Vars []Ident
}

// PatternTerm is a row pattern of MATCH_RECOGNIZE.
type PatternTerm interface {
	Node
	patternTerm()
}

// PatternVar is a pattern variable.
type PatternVar struct {
	node
	Name Ident
}

// PatternSeq is a sequence a b c.
type PatternSeq struct {
	node
	Items []PatternTerm
}

// PatternAlt is a | b.
type PatternAlt struct {
	node
	Items []PatternTerm
}

// PatternGroup is ( pattern ), {- pattern -} (Exclude) or PERMUTE(a, b).
type PatternGroup struct {
	node
	Inner   PatternTerm
	Exclude bool
	Permute []PatternTerm
}

// PatternQuant is a quantified term: * + ? {n} {n,} {n,m} {,m}, each with
// an optional reluctant ?.
type PatternQuant struct {
	node
	Term      PatternTerm
	Min, Max  int // Max -1 means unbounded
	Op        string
	Reluctant bool
}

func (*PatternVar) patternTerm()   {}
func (*PatternSeq) patternTerm()   {}
func (*PatternAlt) patternTerm()   {}
func (*PatternGroup) patternTerm() {}
func (*PatternQuant) patternTerm() {}

func (*TableName) tableRef()      {}
func (*Derived) tableRef()        {}
func (*TableFunc) tableRef()      {}
func (*Unnest) tableRef()         {}
func (*Join) tableRef()           {}
func (*ParenTable) tableRef()     {}
func (*MatchRecognize) tableRef() {}
