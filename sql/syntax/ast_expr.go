package syntax

// Expr is a scalar (row-level) expression.
type Expr interface {
	Node
	exprNode()
}

// LiteralKind classifies a Literal.
type LiteralKind string

// Literal kinds.
const (
	LitInteger LiteralKind = "INTEGER" // 123
	LitDecimal LiteralKind = "DECIMAL" // 1.5
	LitApprox  LiteralKind = "APPROX"  // 1.5E3
	LitString  LiteralKind = "STRING"  // 'text', U&'text'
	LitBinary  LiteralKind = "BINARY"  // X'0aff'
	LitBool    LiteralKind = "BOOLEAN" // TRUE, FALSE
	LitUnknown LiteralKind = "UNKNOWN" // UNKNOWN
	LitNull    LiteralKind = "NULL"    // NULL
)

// Literal is a constant. Value is decoded: a string without quotes and
// with ” and unicode escapes resolved (adjacent literals joined), hex
// digits of a binary literal, TRUE/FALSE, or the number as written.
type Literal struct {
	node
	Kind  LiteralKind
	Value string
}

// TypedLiteral is DATE '...', TIME '...' or TIMESTAMP '...'.
type TypedLiteral struct {
	node
	Type  string
	Value string
}

// IntervalLiteral is INTERVAL [-] '1 2:03' DAY TO MINUTE. Value is the
// string, or Expr is set for INTERVAL 5 SECOND / INTERVAL x SECOND.
type IntervalLiteral struct {
	node
	Negative  bool
	Value     string
	Expr      Expr
	Qualifier *IntervalQualifier
}

// ColumnRef is a name in expression position: a, t.a, cat.db.t.a, or a
// nested field path a.b.c (which part is which is the planner's business).
type ColumnRef struct {
	node
	Name Name
}

// Star is * or t.* in a SELECT list or COUNT(*).
type Star struct {
	node
	Qualifier Name
}

// Param is a ? parameter.
type Param struct{ node }

// Unary is NOT x, -x, +x.
type Unary struct {
	node
	Op string
	X  Expr
}

// Binary is a binary operator: OR AND = <> != < <= > >= + - * / % ||
// IS DISTINCT FROM, IS NOT DISTINCT FROM.
type Binary struct {
	node
	Op   string
	L, R Expr
}

// Is is x IS [NOT] NULL|TRUE|FALSE|UNKNOWN, or x IS [NOT] JSON [kind]
// (What "JSON", JSONKind VALUE/SCALAR/ARRAY/OBJECT or "").
type Is struct {
	node
	X        Expr
	Not      bool
	What     string
	JSONKind string
}

// Between is x [NOT] BETWEEN [ASYMMETRIC|SYMMETRIC] lo AND hi.
type Between struct {
	node
	X, Lo, Hi Expr
	Not       bool
	Symmetry  string
}

// Like is x [NOT] LIKE|SIMILAR TO pattern [ESCAPE e]. Op is LIKE or SIMILAR TO.
type Like struct {
	node
	Op      string
	X       Expr
	Pattern Expr
	Escape  Expr
	Not     bool
}

// In is x [NOT] IN (list) or x [NOT] IN (subquery).
type In struct {
	node
	X     Expr
	Not   bool
	List  []Expr
	Query *Query
}

// Quantified is x op SOME|ANY|ALL (subquery).
type Quantified struct {
	node
	X          Expr
	Op         string
	Quantifier string
	Query      *Query
}

// Exists is EXISTS (subquery).
type Exists struct {
	node
	Query *Query
}

// Subquery is a scalar subquery (SELECT ...) in expression position.
type Subquery struct {
	node
	Query *Query
}

// Cast is CAST(x AS type) or TRY_CAST(x AS type).
type Cast struct {
	node
	Try  bool
	X    Expr
	Type *DataType
}

// Case is CASE [operand] WHEN ... THEN ... [ELSE ...] END.
type Case struct {
	node
	Operand Expr
	Whens   []When
	Else    Expr
}

// When is one WHEN cond THEN result arm.
type When struct {
	node
	Cond   Expr
	Result Expr
}

// Call is a function call f(args) with its optional parts.
type Call struct {
	node
	Name          Name
	Quantifier    string // DISTINCT or ALL inside the parentheses
	Args          []Expr // Star for COUNT(*); NamedArg for name => value
	NoParens      bool   // CURRENT_TIMESTAMP
	NullTreatment string // IGNORE NULLS / RESPECT NULLS
	WithinGroup   []OrderItem
	Filter        Expr
	Over          *WindowSpec
	OverName      *Ident
}

// NamedArg is name => value in a call's arguments.
type NamedArg struct {
	node
	Name  Ident
	Value Expr
}

// TimeUnit is a time unit used as an argument: TIMESTAMPADD(DAY, ...).
type TimeUnit struct {
	node
	Unit string
}

// Extract is EXTRACT(unit FROM x).
type Extract struct {
	node
	Unit string
	X    Expr
}

// Position is POSITION(sub IN s [FROM start]).
type Position struct {
	node
	Sub, In, From Expr
}

// Trim is TRIM([BOTH|LEADING|TRAILING] [chars] FROM x) or TRIM(x).
type Trim struct {
	node
	Where string
	Chars Expr
	X     Expr
}

// Substring is SUBSTRING(x FROM a [FOR b]); SUBSTRING(x, a, b) is a Call.
type Substring struct {
	node
	X, From, For Expr
}

// Overlay is OVERLAY(x PLACING y FROM a [FOR b]).
type Overlay struct {
	node
	X, Placing, From, For Expr
}

// FloorCeil is FLOOR(x TO unit) or CEIL(x TO unit); FLOOR(x) is a Call.
type FloorCeil struct {
	node
	Ceil bool
	X    Expr
	Unit string
}

// RowCtor is ROW(a, b) or (a, b).
type RowCtor struct {
	node
	Explicit bool
	Items    []Expr
}

// ArrayCtor is ARRAY[a, b] or ARRAY(subquery).
type ArrayCtor struct {
	node
	Items []Expr
	Query *Query
}

// MapCtor is MAP[k1, v1, k2, v2] or MAP(subquery).
type MapCtor struct {
	node
	Items []Expr
	Query *Query
}

// FieldAccess is (expr).field: a field of a non-name expression.
type FieldAccess struct {
	node
	X     Expr
	Field Ident
}

// Index is x[i]: an array element or a map value.
type Index struct {
	node
	X, Index Expr
}

// Descriptor is DESCRIPTOR(a, b), naming columns for a table function.
type Descriptor struct {
	node
	Columns []Ident
}

// TableArg is a table argument of a table function: TABLE t or
// TABLE t PARTITION BY k ORDER BY c, or a (subquery).
type TableArg struct {
	node
	Table       Name
	Query       *Query
	PartitionBy []Expr
	OrderBy     []OrderItem
}

// GroupingSets, Rollup and Cube are GROUP BY elements; Items of an
// element may be RowCtor for a parenthesised set, or an empty RowCtor for ().
type GroupingSets struct {
	node
	Kind  string // GROUPING SETS, ROLLUP, CUBE
	Items []Expr
}

// JSONBehavior is one ON EMPTY / ON ERROR clause of a JSON function.
type JSONBehavior struct {
	node
	Kind    string // NULL, ERROR, DEFAULT, EMPTY ARRAY, EMPTY OBJECT, TRUE, FALSE, UNKNOWN
	Default Expr
	On      string // EMPTY or ERROR
}

// JSONValue is JSON_VALUE(x, path [RETURNING type] [behaviour ON EMPTY] [behaviour ON ERROR]).
type JSONValue struct {
	node
	X, Path   Expr
	Returning *DataType
	Behaviors []JSONBehavior
}

// JSONQuery is JSON_QUERY(x, path [RETURNING type] [wrapper] [behaviours]).
type JSONQuery struct {
	node
	X, Path   Expr
	Returning *DataType
	Wrapper   string // e.g. WITHOUT ARRAY WRAPPER, WITH CONDITIONAL ARRAY WRAPPER
	Behaviors []JSONBehavior
}

// JSONExists is JSON_EXISTS(x, path [behaviour ON ERROR]).
type JSONExists struct {
	node
	X, Path   Expr
	Behaviors []JSONBehavior
}

// JSONObject is JSON_OBJECT([KEY] k VALUE v, ... [NULL|ABSENT ON NULL]) and,
// with Agg, JSON_OBJECTAGG(k VALUE v ...).
type JSONObject struct {
	node
	Agg     bool
	Entries []JSONEntry
	OnNull  string
}

// JSONEntry is one KEY k VALUE v pair.
type JSONEntry struct {
	node
	Key, Value Expr
}

// JSONArray is JSON_ARRAY(items [ON NULL]) and, with Agg,
// JSON_ARRAYAGG(x [ORDER BY ...] [ON NULL]).
type JSONArray struct {
	node
	Agg     bool
	Items   []Expr
	OrderBy []OrderItem
	OnNull  string
}

func (*Literal) exprNode()         {}
func (*TypedLiteral) exprNode()    {}
func (*IntervalLiteral) exprNode() {}
func (*ColumnRef) exprNode()       {}
func (*Star) exprNode()            {}
func (*Param) exprNode()           {}
func (*Unary) exprNode()           {}
func (*Binary) exprNode()          {}
func (*Is) exprNode()              {}
func (*Between) exprNode()         {}
func (*Like) exprNode()            {}
func (*In) exprNode()              {}
func (*Quantified) exprNode()      {}
func (*Exists) exprNode()          {}
func (*Subquery) exprNode()        {}
func (*Cast) exprNode()            {}
func (*Case) exprNode()            {}
func (*Call) exprNode()            {}
func (*NamedArg) exprNode()        {}
func (*TimeUnit) exprNode()        {}
func (*Extract) exprNode()         {}
func (*Position) exprNode()        {}
func (*Trim) exprNode()            {}
func (*Substring) exprNode()       {}
func (*Overlay) exprNode()         {}
func (*FloorCeil) exprNode()       {}
func (*RowCtor) exprNode()         {}
func (*ArrayCtor) exprNode()       {}
func (*MapCtor) exprNode()         {}
func (*FieldAccess) exprNode()     {}
func (*Index) exprNode()           {}
func (*Descriptor) exprNode()      {}
func (*TableArg) exprNode()        {}
func (*GroupingSets) exprNode()    {}
func (*JSONValue) exprNode()       {}
func (*JSONQuery) exprNode()       {}
func (*JSONExists) exprNode()      {}
func (*JSONObject) exprNode()      {}
func (*JSONArray) exprNode()       {}
