package web

import (
	"fmt"
	"sort"
	"strings"
	"sync"
	"time"

	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"

	"github.com/sluice-sql/sluice/internal/excerpt"
)

// LogEntry is one log message kept for the dashboard.
type LogEntry struct {
	Time    time.Time `json:"time"`
	Level   string    `json:"level"`
	Logger  string    `json:"logger,omitempty"`
	Message string    `json:"message"`
	// Fields are the message's fields rendered as key=value text.
	Fields string `json:"fields,omitempty"`
}

// Bounds of what a LogRing keeps: an entry's message and its fields each
// up to excerpt.Text bytes, and all entries together up to maxRingBytes
// (the oldest go first). A warning may quote a large record; the
// dashboard polls /api/job every second.
const maxRingBytes = 128 << 10

// LogRing keeps the latest log entries at or above a level (warnings and
// errors, for the dashboard) and counts them by level. It is a
// zapcore.Core to tee next to the process's own core; it enables only its
// levels, so debug logging costs nothing more, and logging at those levels
// is rare, so a mutex is fine here.
type LogRing struct {
	min zapcore.Level
	mu  sync.Mutex
	buf []LogEntry // ring; next is the slot written next
	n   int        // entries held, ≤ len(buf)
	nxt int
	// bytes is the text the entries held take, ≤ maxRingBytes.
	bytes int
	// counts are the entries kept so far per level, including those the
	// ring has dropped since.
	counts map[zapcore.Level]int64
}

// NewLogRing keeps the last size entries at level min or above.
func NewLogRing(size int, min zapcore.Level) *LogRing {
	return &LogRing{min: min, buf: make([]LogEntry, max(size, 1)), counts: map[zapcore.Level]int64{}}
}

// Tee returns log with its entries also going to r.
func (r *LogRing) Tee(log *zap.Logger) *zap.Logger {
	return log.WithOptions(zap.WrapCore(func(c zapcore.Core) zapcore.Core {
		return zapcore.NewTee(c, &ringCore{ring: r})
	}))
}

// Entries returns the kept entries, oldest first.
func (r *LogRing) Entries() []LogEntry {
	if r == nil {
		return []LogEntry{}
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	out := make([]LogEntry, 0, r.n)
	for i := range r.n {
		out = append(out, r.buf[(r.nxt-r.n+i+len(r.buf))%len(r.buf)])
	}
	return out
}

// Counts returns how many entries were logged per level name.
func (r *LogRing) Counts() map[string]int64 {
	out := map[string]int64{}
	if r == nil {
		return out
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	for l, n := range r.counts {
		out[l.String()] = n
	}
	return out
}

func (r *LogRing) add(ent zapcore.Entry, fields []zapcore.Field) {
	e := LogEntry{Time: ent.Time, Level: ent.Level.String(), Logger: ent.LoggerName,
		Message: excerpt.String(ent.Message, excerpt.Text), Fields: excerpt.String(renderFields(fields), excerpt.Text)}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.counts[ent.Level]++
	if r.n == len(r.buf) {
		r.dropOldest()
	}
	r.buf[r.nxt] = e
	r.bytes += entryBytes(e)
	r.nxt = (r.nxt + 1) % len(r.buf)
	r.n++
	for r.n > 1 && r.bytes > maxRingBytes {
		r.dropOldest()
	}
}

func (r *LogRing) dropOldest() {
	i := (r.nxt - r.n + len(r.buf)) % len(r.buf)
	r.bytes -= entryBytes(r.buf[i])
	r.buf[i] = LogEntry{}
	r.n--
}

func entryBytes(e LogEntry) int { return len(e.Level) + len(e.Logger) + len(e.Message) + len(e.Fields) }

// renderFields renders fields as sorted key=value pairs.
func renderFields(fields []zapcore.Field) string {
	if len(fields) == 0 {
		return ""
	}
	enc := zapcore.NewMapObjectEncoder()
	for _, f := range fields {
		f.AddTo(enc)
	}
	keys := make([]string, 0, len(enc.Fields))
	for k := range enc.Fields {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	for i, k := range keys {
		if i > 0 {
			b.WriteByte(' ')
		}
		fmt.Fprintf(&b, "%s=%v", k, enc.Fields[k])
	}
	return b.String()
}

// ringCore is the zapcore.Core side of a LogRing; it keeps the fields
// added by With.
type ringCore struct {
	ring   *LogRing
	fields []zapcore.Field
}

func (c *ringCore) Enabled(l zapcore.Level) bool { return l >= c.ring.min }

func (c *ringCore) With(fields []zapcore.Field) zapcore.Core {
	return &ringCore{ring: c.ring, fields: append(append([]zapcore.Field(nil), c.fields...), fields...)}
}

func (c *ringCore) Check(ent zapcore.Entry, ce *zapcore.CheckedEntry) *zapcore.CheckedEntry {
	if !c.Enabled(ent.Level) {
		return ce
	}
	return ce.AddCore(ent, c)
}

func (c *ringCore) Write(ent zapcore.Entry, fields []zapcore.Field) error {
	all := fields
	if len(c.fields) > 0 {
		all = append(append([]zapcore.Field(nil), c.fields...), fields...)
	}
	c.ring.add(ent, all)
	return nil
}

func (c *ringCore) Sync() error { return nil }
