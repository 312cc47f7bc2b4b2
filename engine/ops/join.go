package ops

import (
	"time"

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
	// ttl is 'table.exec.state.ttl': rows stored longer ago are dropped
	// (0 keeps them forever). now is the processing-time clock.
	ttl time.Duration
	now func() time.Time
}

// NewJoin builds a join; residual may be nil.
func NewJoin(leftKey, rightKey *KeyEncoder, residual expr.Expr, leftWidth, rightWidth int) *Join {
	return &Join{
		leftKey: leftKey, rightKey: rightKey, residual: residual,
		leftWidth: leftWidth, width: leftWidth + rightWidth,
		left: NewJoinState(), right: NewJoinState(),
		pair: make([]types.Value, leftWidth+rightWidth),
		now:  time.Now,
	}
}

// SetStateTTL makes the join forget rows stored more than ttl ago (by
// processing time of their arrival, like Flink's state TTL with
// OnCreateAndWrite: stored rows are never updated, so arrival is last
// write). Zero keeps rows forever. now may be nil (the wall clock).
func (j *Join) SetStateTTL(ttl time.Duration, now func() time.Time) {
	j.ttl = ttl
	if now != nil {
		j.now = now
	}
}

// cutoff is the arrival time (Unix ns) before which rows are expired; 0
// when there is no TTL.
func (j *Join) cutoff(now int64) int64 {
	if j.ttl <= 0 {
		return 0
	}
	return now - int64(j.ttl)
}

// Left processes rows of the left input, appending output rows to out.
func (j *Join) Left(rows []types.Row, out []types.Row) []types.Row {
	return j.process(rows, out, j.leftKey, j.left, j.right, true)
}

// Right processes rows of the right input.
func (j *Join) Right(rows []types.Row, out []types.Row) []types.Row {
	return j.process(rows, out, j.rightKey, j.right, j.left, false)
}

// process stores each row on its own side, then pairs it with the other
// side's rows of the same key; fromLeft says which side of the output pair
// the arriving row is.
func (j *Join) process(rows, out []types.Row, enc *KeyEncoder, own, other *JoinState, fromLeft bool) []types.Row {
	now := j.now().UnixNano()
	cut := j.cutoff(now)
	for _, r := range rows {
		key, ok := enc.Encode(j.keyBuf[:0], r.Fields)
		j.keyBuf = key
		if !ok {
			continue
		}
		own.Add(key, r.Fields, now)
		for _, stored := range other.Get(key, cut) {
			if fromLeft {
				out = j.emit(out, r.Fields, stored)
			} else {
				out = j.emit(out, stored, r.Fields)
			}
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
