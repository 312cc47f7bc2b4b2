package plan

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"go.uber.org/zap"

	"github.com/sluice-sql/sluice/engine/config"
	"github.com/sluice-sql/sluice/sql"
	"github.com/sluice-sql/sluice/sql/syntax"
)

// SQL hints, as Apache Flink 1.20 treats them (checked with its planner:
// scripts/flink-oracle/hints.py, recorded in testdata/flink_hints.txt):
//
//   - Every hint's arguments are checked wherever it is written; a name
//     Flink does not register is an error.
//   - OPTIONS after a table name merges its options over the table's WITH
//     options for that one scan or sink (the first OPTIONS hint of a table
//     counts; a key given twice keeps its last value). After SELECT Flink
//     attaches it to the scans without applying it, so Sluice ignores it.
//   - STATE_TTL after SELECT gives the state of the joins of that SELECT
//     (not of its sub-queries or views) a TTL per input, named by alias,
//     table or view name; the first hint naming an input wins. A name that
//     no join input has is an error; a SELECT without a join ignores it.
//   - BROADCAST, SHUFFLE_HASH, SHUFFLE_MERGE, NEST_LOOP (batch join
//     strategies) and LOOKUP (lookup joins) are checked the same way but
//     change nothing in a streaming regular join: EXPLAIN shows them.
//   - Any hint in a place where it has no meaning (STATE_TTL after a table,
//     anything after an INSERT's target but OPTIONS) is ignored.
//
// What Sluice ignores it logs and lists under EXPLAIN's "Hints not applied".

const (
	hintOptions  = "OPTIONS"
	hintStateTTL = "STATE_TTL"
	hintLookup   = "LOOKUP"
	// settingDynamicOptions switches OPTIONS hints on (Flink's default: true).
	settingDynamicOptions = "table.dynamic-table-options.enabled"
)

// joinStrategyHints are Flink's batch join strategy hints.
var joinStrategyHints = map[string]bool{"BROADCAST": true, "SHUFFLE_HASH": true, "SHUFFLE_MERGE": true, "NEST_LOOP": true}

// internalHints are registered in Flink for its planner's own use; written
// by hand they are accepted and do nothing.
var internalHints = map[string]bool{"ALIAS": true, "JSON_AGGREGATE_WRAPPED": true}

// hint is one hint of a /*+ ... */ comment as the planner reads it.
type hint struct {
	// Name is as written (Flink matches hint names case-insensitively).
	Name string
	// Args holds list-form arguments, e.g. BROADCAST(t1, t2).
	Args []string
	// Options holds key-value arguments, e.g. STATE_TTL('l' = '1d'); a key
	// given twice keeps its last value, as in Flink.
	Options map[string]string
	Pos     sql.Pos
}

// hintsOf reads the hints written at one place (after SELECT, a table
// name or an INSERT's target).
func (st *planning) hintsOf(hs []syntax.Hint) ([]hint, error) {
	var out []hint
	for _, h := range hs {
		c := hint{Name: h.Name.Name, Args: h.Options, Pos: st.src.At(h.Position())}
		for _, kv := range h.KV {
			if err := st.hintOption(h, kv); err != nil {
				return nil, err
			}
			if c.Options == nil {
				c.Options = map[string]string{}
			}
			c.Options[kv.Key] = kv.Value
		}
		out = append(out, c)
	}
	return out, nil
}

// hintOption checks a 'key' = 'value' hint argument as Calcite's grammar
// does: the key is a name or a string, the value a string ('t' = 1 fails
// to parse in Flink too).
func (st *planning) hintOption(h syntax.Hint, kv syntax.Property) error {
	text := st.src.Text
	if k := kv.Position().Offset; k < len(text) && text[k] >= '0' && text[k] <= '9' {
		return st.src.ErrorAt(kv.Position(), "in hint: Encountered %q; expected an identifier or a string literal as a hint option key", kv.Key)
	}
	if v := kv.ValuePos.Offset; v >= len(text) || text[v] != '\'' {
		return st.src.ErrorAt(kv.ValuePos, "in hint: Encountered %q; expected a string literal as the value of hint option '%s'", kv.Value, kv.Key)
	}
	return nil
}

// checkHints checks every hint of a statement (or a view's query) before
// anything of it is planned, as Flink does.
func (st *planning) checkHints(n syntax.Node) error {
	var err error
	syntax.Inspect(n, func(n syntax.Node) bool {
		h, ok := n.(*syntax.Hint)
		if !ok || err != nil {
			return err == nil
		}
		var hs []hint
		if hs, err = st.hintsOf([]syntax.Hint{*h}); err == nil {
			err = checkHint(hs[0])
		}
		return false
	})
	return err
}

func checkHints(hs []hint) error {
	for _, h := range hs {
		if err := checkHint(h); err != nil {
			return err
		}
	}
	return nil
}

// checkHint checks a hint's name and arguments with Flink's messages.
func checkHint(h hint) error {
	if len(h.Args) > 0 && len(h.Options) > 0 {
		return errorf(h.Pos, "hint %s mixes 'key' = 'value' options with plain arguments", h.Name)
	}
	name := strings.ToUpper(h.Name)
	switch {
	case name == hintOptions:
		if len(h.Options) == 0 {
			return errorf(h.Pos, "Hint [OPTIONS] only support non empty key value options")
		}
	case name == hintStateTTL:
		if len(h.Args) > 0 {
			return errorf(h.Pos, "Invalid list options in STATE_TTL hint, only support key-value options.")
		}
		if len(h.Options) == 0 {
			return errorf(h.Pos, "Invalid STATE_TTL hint, expecting at least one key-value options specified.")
		}
		for _, k := range sortedKeys(h.Options) {
			if _, err := parseTTL(h.Options[k]); err != nil {
				return errorf(h.Pos, "Invalid STATE_TTL hint value: %v", err)
			}
		}
	case name == hintLookup:
		if len(h.Args) > 0 {
			return errorf(h.Pos, "Invalid list options in LOOKUP hint, only support key-value options.")
		}
		if _, ok := h.Options["table"]; !ok {
			return errorf(h.Pos, "Invalid LOOKUP hint: incomplete required option(s): 'table'")
		}
	case joinStrategyHints[name]:
		if len(h.Args) == 0 {
			return errorf(h.Pos, "Invalid hint: %s, expecting at least one table or view specified in hint %s.", hintText(h), name)
		}
	case internalHints[name]:
	default:
		return errorf(h.Pos, "Hint: %s should be registered in the HintStrategyTable (Flink 1.20's hints are OPTIONS, STATE_TTL, BROADCAST, SHUFFLE_HASH, SHUFFLE_MERGE, NEST_LOOP and LOOKUP)", h.Name)
	}
	return nil
}

// parseTTL reads a STATE_TTL value as a Flink duration ("1 d", "12 h", "100" = ms).
func parseTTL(v string) (time.Duration, error) {
	d, err := config.ParseDuration(v)
	if err == nil && d < 0 {
		err = fmt.Errorf("%q: numeric overflow", v)
	}
	return d, err
}

// hintText renders a hint for messages, logs and EXPLAIN: NAME, NAME(a, b)
// or NAME(k=v), secret values hidden.
func hintText(h hint) string {
	switch {
	case len(h.Args) > 0:
		return h.Name + "(" + strings.Join(h.Args, ", ") + ")"
	case len(h.Options) > 0:
		parts := make([]string, 0, len(h.Options))
		for _, k := range sortedKeys(h.Options) {
			v := h.Options[k]
			if sql.IsSensitiveKey(k) {
				v = sql.RedactedValue
			}
			parts = append(parts, k+"="+v)
		}
		return h.Name + "(" + strings.Join(parts, ", ") + ")"
	}
	return h.Name
}

func sortedKeys(m map[string]string) []string {
	return slices.Sorted(maps.Keys(m))
}

// ignore records a hint that changes nothing: a log line and a note under EXPLAIN.
func (st *planning) ignore(h hint, why string) {
	note := fmt.Sprintf("%s: %s: %s", h.Pos, hintText(h), why)
	if slices.Contains(st.graph.Notes, note) {
		return // a view planned twice
	}
	st.graph.Notes = append(st.graph.Notes, note)
	st.Logger.Info("hint not applied", zap.String("hint", hintText(h)), zap.Stringer("at", h.Pos), zap.String("reason", why))
}

// tableOptions picks the OPTIONS hint that applies to a table (or sink)
// among the hints written after its name, and ignores the others.
func (st *planning) tableOptions(hints []hint, what string) (*hint, error) {
	var opts *hint
	for i, h := range hints {
		switch name := strings.ToUpper(h.Name); {
		case name == hintOptions && opts == nil:
			if err := st.dynamicOptionsEnabled(h); err != nil {
				return nil, err
			}
			opts = &hints[i]
		case name == hintOptions:
			st.ignore(h, "only the first OPTIONS hint of a table applies (as in Flink)")
		default:
			st.ignore(h, name+" has no effect after "+what+" (Flink ignores it there too)")
		}
	}
	return opts, nil
}

func (st *planning) dynamicOptionsEnabled(h hint) error {
	v, ok := st.graph.Settings[settingDynamicOptions]
	switch {
	case !ok, strings.EqualFold(strings.TrimSpace(v), "true"):
		return nil
	case strings.EqualFold(strings.TrimSpace(v), "false"):
		return errorf(h.Pos, "The 'OPTIONS' hint is allowed only when the config option '%s' is set to true.", settingDynamicOptions)
	}
	return errorf(h.Pos, "SET '%s' = '%s': not a boolean (true or false)", settingDynamicOptions, v)
}

// withOptions returns the table as an OPTIONS hint makes it for one scan
// or sink: the hint's options over the WITH options, errors on them
// pointing at the hint.
func (t *TableDecl) withOptions(h *hint) *TableDecl {
	c := *t
	c.Options = maps.Clone(t.Options)
	if c.Options == nil {
		c.Options = map[string]string{}
	}
	maps.Copy(c.Options, h.Options)
	c.Hint = h.Options
	c.OptionPos = func(key string) sql.Pos {
		if _, ok := h.Options[key]; ok {
			return h.Pos
		}
		if t.OptionPos == nil {
			return t.Pos
		}
		return t.OptionPos(key)
	}
	return &c
}

// describeHint renders an OPTIONS hint as Flink's EXPLAIN does, secrets hidden.
func describeHint(opts map[string]string) string {
	if len(opts) == 0 {
		return ""
	}
	parts := make([]string, 0, len(opts))
	for _, k := range sortedKeys(opts) {
		v := opts[k]
		if sql.IsSensitiveKey(k) {
			v = sql.RedactedValue
		}
		parts = append(parts, k+"="+v)
	}
	return ", hints=[[[OPTIONS options:{" + strings.Join(parts, ", ") + "}]]]"
}

// blockHints are the query hints of one SELECT that act on its joins.
type blockHints struct {
	st       *planning
	ttl      []hint // STATE_TTL, in order
	strategy []hint // BROADCAST, SHUFFLE_HASH, SHUFFLE_MERGE, NEST_LOOP, LOOKUP
	joins    int
	// matched holds "HINT\x00name" for each hint argument naming a join input.
	matched map[string]bool
}

// selectHints sorts a SELECT's query hints: the ones that act on joins are
// returned, the others ignored.
func (st *planning) selectHints(hints []hint) *blockHints {
	b := &blockHints{st: st, matched: map[string]bool{}}
	for _, h := range hints {
		switch name := strings.ToUpper(h.Name); {
		case name == hintStateTTL:
			b.ttl = append(b.ttl, h)
		case joinStrategyHints[name], name == hintLookup:
			b.strategy = append(b.strategy, h)
		case name == hintOptions:
			st.ignore(h, "OPTIONS after SELECT does not change any table's options (Flink attaches it to the scans without applying it); write it after the table name")
		default:
			st.ignore(h, "an internal Flink hint, which does nothing here")
		}
	}
	return b
}

// names returns the join inputs a hint names: its arguments, or LOOKUP's 'table'.
func hintNames(h hint) []string {
	if strings.EqualFold(h.Name, hintLookup) {
		return []string{h.Options["table"]}
	}
	return h.Args
}

// apply sets the hints on a join whose inputs are named left and right
// ("" for an input that is itself a join).
func (b *blockHints) apply(j *Join, left, right string) {
	b.joins++
	for side, name := range []string{left, right} {
		if name == "" {
			continue
		}
		for _, h := range b.ttl {
			v, ok := h.Options[name]
			if !ok {
				continue
			}
			b.matched[hintStateTTL+"\x00"+name] = true
			ttl, _ := parseTTL(v) // checked by checkHint
			hint := &StateTTL{TTL: ttl, Text: v}
			if side == 0 {
				j.LeftTTL = hint
			} else {
				j.RightTTL = hint
			}
			break // the first hint naming the input wins
		}
	}
	for _, h := range b.strategy {
		name := strings.ToUpper(h.Name)
		chosen := false
		for _, n := range hintNames(h) {
			if n == "" || (n != left && n != right) {
				continue
			}
			b.matched[name+"\x00"+n] = true
			if chosen {
				continue // the first table of the hint that the join has wins
			}
			chosen = true
			if name == hintLookup {
				j.Hints = append(j.Hints, name+" options:{"+strings.TrimSuffix(strings.TrimPrefix(hintText(h), h.Name+"("), ")")+"}")
			} else {
				side := "LEFT"
				if n != left {
					side = "RIGHT"
				}
				j.Hints = append(j.Hints, name+" options:["+side+"]")
			}
		}
	}
}

// finish checks what the SELECT's joins made of the hints: a name no join
// input has is Flink's error; without any join the hints are ignored.
func (b *blockHints) finish() error {
	all := append(append([]hint(nil), b.ttl...), b.strategy...)
	if b.joins == 0 {
		for _, h := range all {
			b.st.ignore(h, "the SELECT it follows has no join")
		}
		return nil
	}
	var unmatched []string
	var at sql.Pos
	for _, h := range all {
		name := strings.ToUpper(h.Name)
		names := hintNames(h)
		if name == hintStateTTL {
			names = sortedKeys(h.Options)
		}
		for _, n := range names {
			if !b.matched[name+"\x00"+n] {
				if unmatched == nil {
					at = h.Pos
				}
				unmatched = append(unmatched, fmt.Sprintf("`%s` in `%s`", n, name))
			}
		}
		switch {
		case name == hintLookup:
			b.st.ignore(h, "LOOKUP tunes lookup joins; a regular join runs the same without it (as in Flink)")
		case joinStrategyHints[name]:
			b.st.ignore(h, name+" picks a batch join strategy; a streaming regular join runs the same without it (as in Flink)")
		}
	}
	if unmatched != nil {
		return errorf(at, "The options of following hints cannot match the name of input tables or views:\n%s", strings.Join(unmatched, "\n"))
	}
	return nil
}
