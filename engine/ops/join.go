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
	// leftMillis and rightMillis are each input's columns that cross
	// Flink's keyed exchange as epoch milliseconds (see TruncateToMillis);
	// exchanged is where an arriving row's truncated copy is made.
	leftMillis, rightMillis []int
	exchanged               []types.Value
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

// MillisColumns returns the columns of s that Flink's keyed exchange
// carries as epoch milliseconds: TIMESTAMP(p) and TIMESTAMP_LTZ(p) with
// p <= 3 (TimestampDataSerializer writes only getMillisecond() for them;
// a higher precision keeps its nanoseconds).
func MillisColumns(s types.Schema) []int {
	var cols []int
	for i, c := range s {
		if c.Type.IsTimestamp() && c.Type.Precision <= 3 {
			cols = append(cols, i)
		}
	}
	return cols
}

// TruncateToMillis makes the join see its inputs as Flink's does: in
// front of a regular join every row is hashed to the join's subtask by key,
// and that exchange serializes TIMESTAMP(p <= 3) values as epoch
// milliseconds. So the digits below the millisecond that the JSON decoder
// kept are gone before the key is built, the residual condition is checked
// and the row is stored and emitted (checked on Flink 1.20.5: a
// transaction at …12.898999 does not match a flag at …12.898485, and
// …39.380060 comes out as …39.380). left and right are each input's columns
// to truncate (MillisColumns of its schema). The arriving rows themselves
// are not changed: other operators may read them (a source feeding a sink
// directly keeps the digits, as in Flink, where that edge is not an exchange).
func (j *Join) TruncateToMillis(left, right []int) {
	j.leftMillis, j.rightMillis = left, right
	if len(left)+len(right) > 0 {
		j.exchanged = make([]types.Value, max(j.leftWidth, j.width-j.leftWidth))
	}
}

// exchange returns fields as they arrive after Flink's keyed exchange: a
// copy in j.exchanged with the cols truncated to milliseconds, or fields
// itself when none of them has digits below the millisecond.
func (j *Join) exchange(fields []types.Value, cols []int) []types.Value {
	var out []types.Value
	for _, c := range cols {
		v := fields[c]
		if v.IsNull() || v.Timestamp().Nano%1e6 == 0 {
			continue
		}
		if out == nil {
			out = j.exchanged[:len(fields)]
			copy(out, fields)
		}
		out[c] = types.TruncateTimestamp(v, 3)
	}
	if out == nil {
		return fields
	}
	return out
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
	return j.process(rows, out, j.leftKey, j.left, j.right, j.leftMillis, true)
}

// Right processes rows of the right input.
func (j *Join) Right(rows []types.Row, out []types.Row) []types.Row {
	return j.process(rows, out, j.rightKey, j.right, j.left, j.rightMillis, false)
}

// process stores each row on its own side, then pairs it with the other
// side's rows of the same key; fromLeft says which side of the output pair
// the arriving row is; millis are the row's columns to truncate (exchange).
func (j *Join) process(rows, out []types.Row, enc *KeyEncoder, own, other *JoinState, millis []int, fromLeft bool) []types.Row {
	now := j.now().UnixNano()
	cut := j.cutoff(!fromLeft, now) // the stored rows looked up are the other input's
	// The arriving row takes its half of pair once; each stored row of the
	// other side is decoded straight into the other half.
	mine, theirs := j.pair[:j.leftWidth], j.pair[j.leftWidth:]
	if !fromLeft {
		mine, theirs = theirs, mine
	}
	for _, r := range rows {
		fields := j.exchange(r.Fields, millis)
		key, ok := enc.Encode(j.keyBuf[:0], fields)
		j.keyBuf = key
		if !ok {
			continue
		}
		own.Add(key, fields, now)
		b := other.Get(key, cut)
		if b == nil {
			continue
		}
		copy(mine, fields)
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
