package bench

import (
	"context"
	"encoding/binary"
	"fmt"
	"path/filepath"
	goruntime "runtime"
	"strings"
	"sync/atomic"
	"syscall"
	"time"

	"go.uber.org/zap"

	"github.com/sluice-sql/sluice/connectors"
	"github.com/sluice-sql/sluice/connectors/blackhole"
	"github.com/sluice-sql/sluice/connectors/formats"
	"github.com/sluice-sql/sluice/connectors/formats/json"
	"github.com/sluice-sql/sluice/engine/job"
	"github.com/sluice-sql/sluice/engine/ops"
	"github.com/sluice-sql/sluice/engine/runtime"
	"github.com/sluice-sql/sluice/engine/types"
	"github.com/sluice-sql/sluice/txgen"
)

// The operator core is the seed job exactly as `sluice run` plans and runs
// it — processor.sql through the planner and engine/runtime, JSON decoding
// of both sources, the join, the projection, JSON encoding of the sink's key
// and value — with the Kafka client replaced by memory: a connector
// registered as 'kafka' that hands out pre-serialized records in batches of
// the Kafka source's size and encodes what the sink receives into a reused
// buffer. What it measures is everything Sluice does per record except the
// librdkafka calls.

// distinctRecords is how many different transaction records the core cycles
// through: enough that the join state holds real, separately decoded rows,
// few enough that the input does not dominate memory.
const distinctRecords = 100_000

// coreBatch is the Kafka source's maximum batch (connectors/kafka maxBatch).
const coreBatch = 1000

// CoreInput is the serialized input of the operator core.
type CoreInput struct {
	Flags        [][]byte
	Transactions [][]byte // distinct records, cycled
	N            int      // transactions to feed
}

// NewCoreInput generates n transactions (cycling distinctRecords distinct ones) and the flags.
func NewCoreInput(n int) CoreInput {
	in := CoreInput{N: n}
	for _, a := range txgen.DeterministicAccounts(Seed) {
		in.Flags = append(in.Flags, a.Value())
	}
	g := txgen.NewTransactions(Seed)
	for range min(n, distinctRecords) {
		in.Transactions = append(in.Transactions, g.Next().Value())
	}
	return in
}

// Matches is the number of output rows the seed job writes for the input.
func (in CoreInput) Matches() int {
	perCycle := make([]int, len(in.Transactions)+1) // matches among the first i records
	dec, _ := json.Factory{}.NewDecoder(types.Schema{{Name: "account_id", Type: types.BigInt}}, nil)
	row := make([]types.Value, 1)
	for i, t := range in.Transactions {
		perCycle[i+1] = perCycle[i]
		if ok, err := dec.Decode(t, row); ok && err == nil && txgen.IsFlagged(row[0].Int()) {
			perCycle[i+1]++
		}
	}
	d := len(in.Transactions)
	return in.N/d*perCycle[d] + perCycle[in.N%d]
}

// CoreResult is one run of the operator core.
type CoreResult struct {
	Events  int           // input records: transactions + flags
	Out     int64         // rows the Kafka sink encoded
	Elapsed time.Duration // runtime.Run, planning excluded
	// CPU is the process's user+system time during the run. On a shared
	// machine it is the steadier figure: waiting for a core is not counted.
	CPU      time.Duration
	Allocs   uint64 // heap allocations during the run
	AllocMB  float64
	NumGC    uint32
	Bytes    int64 // encoded key+value bytes
	Checksum uint64
}

// EventsPerSec is input records per second.
func (r CoreResult) EventsPerSec() float64 { return float64(r.Events) / r.Elapsed.Seconds() }

// EventsPerCPUSec is input records per second of CPU time.
func (r CoreResult) EventsPerCPUSec() float64 { return float64(r.Events) / r.CPU.Seconds() }

// AllocsPerEvent is heap allocations per input record.
func (r CoreResult) AllocsPerEvent() float64 { return float64(r.Allocs) / float64(r.Events) }

// RunCore plans the seed processor.sql of repo with the memory 'kafka'
// connector and runs it over in.
func RunCore(ctx context.Context, repo string, in CoreInput) (CoreResult, error) {
	mem := &memKafka{data: map[string]CoreInput{}}
	mem.data["flagged-accounts"] = CoreInput{Transactions: in.Flags, N: len(in.Flags)}
	mem.data["transactions"] = in
	reg := connectors.NewRegistry(formats.NewRegistry(json.Factory{}), mem, blackhole.Factory{})
	spec := job.Spec{
		SQLPath:        filepath.Join(repo, "processor.sql"),
		PropertiesPath: filepath.Join(repo, "application_properties.json"),
		Overrides: map[string]map[string]string{
			"producer.config.1": {"connector": "blackhole"},
		},
	}
	j, err := job.Load(spec, reg, zap.NewNop())
	if err != nil {
		return CoreResult{}, fmt.Errorf("planning the seed job: %w", err)
	}
	goruntime.GC()
	var before, after goruntime.MemStats
	goruntime.ReadMemStats(&before)
	cpu0 := cpuTime()
	start := time.Now()
	err = runtime.Run(ctx, j.Graph, runtime.Options{Logger: zap.NewNop(), JobName: "bench"})
	el := time.Since(start)
	cpu := cpuTime() - cpu0
	goruntime.ReadMemStats(&after)
	if err != nil {
		return CoreResult{}, err
	}
	if mem.sources != len(j.Graph.Scans) || mem.sources == 0 {
		return CoreResult{}, fmt.Errorf("the seed job's sources are not the memory connector's")
	}
	return CoreResult{
		Events: in.N + len(in.Flags), Out: mem.out.Load(), Elapsed: el, CPU: cpu,
		Allocs: after.Mallocs - before.Mallocs, AllocMB: float64(after.TotalAlloc-before.TotalAlloc) / 1e6,
		NumGC: after.NumGC - before.NumGC, Bytes: mem.bytes.Load(), Checksum: mem.sum.Load(),
	}, nil
}

// memKafka stands in for the Kafka connector: same identifier and options,
// records from memory.
type memKafka struct {
	data       map[string]CoreInput // by topic
	out, bytes atomic.Int64
	sum        atomic.Uint64
	sources    int
}

func (*memKafka) Identifier() string { return "kafka" }

func (*memKafka) Options(connectors.Table) (connectors.OptionSpec, error) {
	return connectors.OptionSpec{Prefixes: []string{""}}, nil // every option is accepted
}

func valueFormat(t connectors.Table) (formats.Factory, error) {
	name := t.Options["value.format"]
	if name == "" {
		name = t.Options["format"]
	}
	return t.Formats.Lookup(name)
}

func (m *memKafka) NewSource(t connectors.Table) (connectors.Source, error) {
	in, ok := m.data[t.Options["topic"]]
	if !ok {
		return nil, fmt.Errorf("memory kafka: no data for topic %q", t.Options["topic"])
	}
	f, err := valueFormat(t)
	if err != nil {
		return nil, err
	}
	dec, err := f.NewDecoder(t.Schema, nil)
	if err != nil {
		return nil, err
	}
	m.sources++
	return &memSource{in: in, dec: dec, width: len(t.Schema)}, nil
}

type memSource struct {
	in    CoreInput
	dec   formats.Decoder
	width int
}

func (*memSource) Bounded() bool { return true }
func (*memSource) Close() error  { return nil }

// Run decodes as the Kafka source does: a fresh row per record, carved
// from a slab, in batches of up to coreBatch rows.
func (s *memSource) Run(ctx context.Context, emit connectors.Emit) error {
	recs := s.in.Transactions
	rows := make([]types.Row, 0, coreBatch)
	var slab types.ValueSlab
	for i := range s.in.N {
		fields := slab.Take(s.width)
		ok, err := s.dec.Decode(recs[i%len(recs)], fields)
		if err != nil {
			return fmt.Errorf("memory kafka: record %d: %w", i, err)
		}
		if ok {
			rows = append(rows, types.Row{Kind: types.Insert, Fields: fields})
		}
		if len(rows) == coreBatch {
			if err := emit(ctx, connectors.Batch{Rows: rows}); err != nil {
				return err
			}
			rows = make([]types.Row, 0, coreBatch)
		}
	}
	if len(rows) > 0 {
		return emit(ctx, connectors.Batch{Rows: rows})
	}
	return nil
}

func (m *memKafka) NewSink(t connectors.Table) (connectors.Sink, error) {
	f, err := valueFormat(t)
	if err != nil {
		return nil, err
	}
	s := &memSink{m: m}
	if s.val, err = f.NewEncoder(t.Schema, nil); err != nil {
		return nil, err
	}
	if kf := t.Options["key.fields"]; kf != "" {
		var keySchema types.Schema
		for _, name := range strings.Split(kf, ";") {
			i := t.Schema.Index(name)
			if i < 0 {
				return nil, fmt.Errorf("memory kafka: key field %q is not a column", name)
			}
			s.keyIdx = append(s.keyIdx, i)
			keySchema = append(keySchema, t.Schema[i])
		}
		kfmt, err := t.Formats.Lookup(t.Options["key.format"])
		if err != nil {
			return nil, err
		}
		if s.key, err = kfmt.NewEncoder(keySchema, nil); err != nil {
			return nil, err
		}
		s.kv = make([]types.Value, len(s.keyIdx))
	}
	return s, nil
}

type memSink struct {
	m        *memKafka
	key, val formats.Encoder
	keyIdx   []int
	kv       []types.Value
	buf      []byte
}

func (s *memSink) Write(_ context.Context, rows []types.Row) error {
	var n int64
	var sum uint64
	for _, r := range rows {
		var err error
		s.buf = s.buf[:0]
		if s.key != nil {
			for i, p := range s.keyIdx {
				s.kv[i] = r.Fields[p]
			}
			if s.buf, err = s.key.Encode(s.buf, s.kv); err != nil {
				return err
			}
		}
		if s.buf, err = s.val.Encode(s.buf, r.Fields); err != nil {
			return err
		}
		n += int64(len(s.buf))
		sum += checksum(s.buf)
	}
	s.m.out.Add(int64(len(rows)))
	s.m.bytes.Add(n)
	s.m.sum.Add(sum)
	return nil
}

// checksum mixes the bytes eight at a time: cheap, but every byte counts,
// so runs of the same input compare and encoding cannot be optimised away.
func checksum(b []byte) uint64 {
	h := uint64(len(b))
	for len(b) >= 8 {
		h = (h ^ binary.LittleEndian.Uint64(b)) * 0x9E3779B97F4A7C15
		b = b[8:]
	}
	for _, c := range b {
		h = (h ^ uint64(c)) * 0x100000001B3
	}
	return h
}

// cpuTime is the process's user+system CPU time so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func (*memSink) Flush(context.Context) error { return nil }
func (*memSink) Close(context.Context) error { return nil }

// StateFootprint decodes n transactions (cycling the distinct records of in)
// into the seed job's join and returns the Go heap the join state holds,
// after a GC, per stored row.
func StateFootprint(in CoreInput) (bytesPerRow float64, heapMB float64, err error) {
	schema := types.Schema{
		{Name: "account_id", Type: types.BigInt},
		{Name: "customer_id", Type: types.Varchar(15)},
		{Name: "merchant_type", Type: types.Varchar(8)},
		{Name: "transaction_id", Type: types.Varchar(16)},
		{Name: "transaction_type", Type: types.Varchar(20)},
		{Name: "transaction_amount", Type: types.DecimalType(10, 2)},
		{Name: "transaction_date", Type: types.TimestampType(3)},
	}
	dec, err := json.Factory{}.NewDecoder(schema, nil)
	if err != nil {
		return 0, 0, err
	}
	lk, rk := ops.NewKeyPair([]int{0}, []int{0}, []types.Type{types.BigInt}, []types.Type{types.BigInt})
	goruntime.GC()
	var before, after goruntime.MemStats
	goruntime.ReadMemStats(&before)
	j := ops.NewJoin(lk, rk, nil, len(schema), 2)
	j.TruncateToMillis(ops.MillisColumns(schema), nil) // as the runtime does
	batch := make([]types.Row, 0, coreBatch)
	for i := range in.N {
		fields := make([]types.Value, len(schema))
		if _, err := dec.Decode(in.Transactions[i%len(in.Transactions)], fields); err != nil {
			return 0, 0, err
		}
		batch = append(batch, types.Row{Fields: fields})
		if len(batch) == cap(batch) || i == in.N-1 {
			j.Left(batch, nil)
			batch = batch[:0]
		}
	}
	goruntime.GC()
	goruntime.ReadMemStats(&after)
	if l, _ := j.StateRows(); l != in.N {
		return 0, 0, fmt.Errorf("join state holds %d rows, want %d", l, in.N)
	}
	held := float64(after.HeapAlloc) - float64(before.HeapAlloc)
	goruntime.KeepAlive(j)
	return held / float64(in.N), held / 1e6, nil
}
