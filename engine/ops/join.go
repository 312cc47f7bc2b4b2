package ops

import (
	"fmt"
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
	// slab is where output rows' fields are carved from.
	slab types.ValueSlab
	// leftTTL and rightTTL are each input's state TTL ('table.exec.state.ttl'
	// or the STATE_TTL hint): rows stored longer ago are dropped (0 keeps
	// them forever). now is the processing-time clock.
	leftTTL, rightTTL time.Duration
	now               func() time.Time
	// err is the first failure evaluating residual (see Err).
	err error
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

// SetStateTTL makes the join forget rows of its left input stored more than
// left ago, and of its right input more than right ago (by processing time
// of their arrival, like Flink's state TTL with OnCreateAndWrite: stored
// rows are never updated, so arrival is last write). A side's TTL bounds
// which of its rows the other side's arrivals still match, as Flink's
// per-input state TTL (STATE_TTL hint) does. Zero keeps rows forever. now
// may be nil (the wall clock).
func (j *Join) SetStateTTL(left, right time.Duration, now func() time.Time) {
	j.leftTTL, j.rightTTL = left, right
	if now != nil {
		j.now = now
	}
}

// cutoff is the arrival time (Unix ns) before which rows of the left
// (or right) input are expired; 0 when that input has no TTL.
func (j *Join) cutoff(left bool, now int64) int64 {
	ttl := j.rightTTL
	if left {
		ttl = j.leftTTL
	}
	if ttl <= 0 {
		return 0
	}
	return now - int64(ttl)
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
	cut := j.cutoff(!fromLeft, now) // the stored rows looked up are the other input's
	// The arriving row takes its half of pair once; each stored row of the
	// other side is decoded straight into the other half.
	mine, theirs := j.pair[:j.leftWidth], j.pair[j.leftWidth:]
	if !fromLeft {
		mine, theirs = theirs, mine
	}
	for _, r := range rows {
		key, ok := enc.Encode(j.keyBuf[:0], r.Fields)
		j.keyBuf = key
		if !ok {
			continue
		}
		own.Add(key, r.Fields, now)
		b := other.Get(key, cut)
		if b == nil {
			continue
		}
		copy(mine, r.Fields)
		for i := range b.len() {
			decodeStored(b.row(i), theirs)
			out = j.emit(out)
		}
	}
	return out
}

// emit appends pair as an output row when the residual condition holds.
func (j *Join) emit(out []types.Row) []types.Row {
	if j.residual != nil {
		v, err := j.residual.Eval(j.pair)
		if err != nil && j.err == nil {
			j.err = fmt.Errorf("join condition %s: %w", j.residual, err)
		}
		if !expr.True(v) {
			return out
		}
	}
	fields := j.slab.Take(j.width)
	copy(fields, j.pair)
	return append(out, types.Row{Kind: types.Insert, Fields: fields})
}

// Err returns the first error evaluating the join condition, which fails
// the job as in Flink; rows it failed on were not emitted.
func (j *Join) Err() error { return j.err }

// StateRows returns the number of rows stored on each side.
func (j *Join) StateRows() (left, right int) { return j.left.Rows(), j.right.Rows() }
