package ops

import (
	"github.com/sluice-sql/sluice/engine/expr"
	"github.com/sluice-sql/sluice/engine/types"
)

// Join is Flink's regular inner join for insert-only inputs: each arriving
// row is stored under its key, then paired with every stored row of the
// other side with the same key; the residual condition is checked once per
// pair and each passing pair is emitted once. So the output multiset does
// not depend on arrival order, and N×M duplicates give N×M rows.
type Join struct {
	leftKey, rightKey *KeyEncoder
	residual          expr.Expr
	leftWidth         int
	width             int
	left, right       *JoinState
	keyBuf            []byte
	pair              []types.Value
}

// NewJoin builds a join; residual may be nil.
func NewJoin(leftKey, rightKey *KeyEncoder, residual expr.Expr, leftWidth, rightWidth int) *Join {
	return &Join{
		leftKey: leftKey, rightKey: rightKey, residual: residual,
		leftWidth: leftWidth, width: leftWidth + rightWidth,
		left: NewJoinState(), right: NewJoinState(),
		pair: make([]types.Value, leftWidth+rightWidth),
	}
}

// Left processes rows of the left input, appending output rows to out.
func (j *Join) Left(rows []types.Row, out []types.Row) []types.Row {
	for _, r := range rows {
		key, ok := j.leftKey.Encode(j.keyBuf[:0], r.Fields)
		j.keyBuf = key
		if !ok {
			continue
		}
		j.left.Add(key, r.Fields)
		for _, other := range j.right.Get(key) {
			out = j.emit(out, r.Fields, other)
		}
	}
	return out
}

// Right processes rows of the right input.
func (j *Join) Right(rows []types.Row, out []types.Row) []types.Row {
	for _, r := range rows {
		key, ok := j.rightKey.Encode(j.keyBuf[:0], r.Fields)
		j.keyBuf = key
		if !ok {
			continue
		}
		j.right.Add(key, r.Fields)
		for _, other := range j.left.Get(key) {
			out = j.emit(out, other, r.Fields)
		}
	}
	return out
}

func (j *Join) emit(out []types.Row, l, r []types.Value) []types.Row {
	copy(j.pair, l)
	copy(j.pair[j.leftWidth:], r)
	if j.residual != nil && !expr.True(j.residual.Eval(j.pair)) {
		return out
	}
	fields := make([]types.Value, j.width)
	copy(fields, j.pair)
	return append(out, types.Row{Kind: types.Insert, Fields: fields})
}

// StateRows returns the number of rows stored on each side.
func (j *Join) StateRows() (left, right int) { return j.left.Rows(), j.right.Rows() }

// JoinState is one side's stored rows, by key.
type JoinState struct {
	byKey map[string][][]types.Value
	rows  int
}

// NewJoinState returns an empty state.
func NewJoinState() *JoinState { return &JoinState{byKey: map[string][][]types.Value{}} }

// Add stores a row under key. The row's fields are kept, not copied: rows
// handed to operators are never modified afterwards.
func (s *JoinState) Add(key []byte, fields []types.Value) {
	s.byKey[string(key)] = append(s.byKey[string(key)], fields)
	s.rows++
}

// Get returns the rows stored under key, in arrival order.
func (s *JoinState) Get(key []byte) [][]types.Value { return s.byKey[string(key)] }

// Rows returns the number of stored rows.
func (s *JoinState) Rows() int { return s.rows }
