package dynamodb

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	ddbtypes "github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"go.uber.org/zap"

	"github.com/sluice-sql/sluice/connectors"
	"github.com/sluice-sql/sluice/engine/types"
	"github.com/sluice-sql/sluice/internal/excerpt"
)

// BatchWriter is the part of the DynamoDB client the sink uses.
type BatchWriter interface {
	BatchWriteItem(ctx context.Context, in *dynamodb.BatchWriteItemInput, optFns ...func(*dynamodb.Options)) (*dynamodb.BatchWriteItemOutput, error)
}

// startTimeout bounds what NewSink does over the network: resolving
// credentials and, with 'sink.create-table.definition', creating the table.
const startTimeout = 3 * time.Minute

// NewSink implements connectors.SinkFactory.
func (f Factory) NewSink(t connectors.Table) (connectors.Sink, error) {
	c, err := parseOptions(t)
	if err != nil {
		return nil, err
	}
	log := t.Logger
	if log == nil {
		log = zap.NewNop()
	}
	if len(c.unknown) > 0 {
		log.Warn("options not used by the dynamodb connector (Flink accepts them silently)", zap.Strings("options", c.unknown))
	}
	ctx, cancel := context.WithTimeout(context.Background(), startTimeout)
	defer cancel()
	client, err := f.sinkClient(ctx, c, log)
	if err != nil {
		return nil, fmt.Errorf("dynamodb table '%s': %w", c.table, err)
	}
	if c.createDef != "" {
		def, err := LoadTableDefinition(c.createDef)
		if err != nil {
			return nil, optionErr(fmt.Sprintf("Invalid value for option '%s': %v", optCreateTableDef, err), optCreateTableDef)
		}
		if name := deref(def.TableName); name != c.table {
			return nil, optionErr(fmt.Sprintf("Invalid value for option '%s': the definition creates table '%s' but 'table-name' is '%s'.", optCreateTableDef, name, c.table), optCreateTableDef, optTableName)
		}
		created, err := EnsureTable(ctx, client, def)
		if err != nil {
			return nil, err
		}
		log.Info("dynamodb table ready", zap.String("dynamodb_table", c.table), zap.Bool("created", created))
	}
	keys, err := itemKeys(ctx, client, c, t)
	if err != nil {
		return nil, fmt.Errorf("dynamodb table '%s': %w", c.table, err)
	}
	checkPrimaryKey(log, c, t, keys)
	return newSink(c, client, t.Schema, keys, log), nil
}

// sink buffers rows and writes them with BatchWriteItem, as Flink's
// AsyncSinkWriter does for DynamoDbSinkWriter.
type sink struct {
	cfg     *sinkConfig
	client  BatchWriter
	conv    *converter
	log     *zap.Logger
	keys    []string // the table's key attributes, HASH first: the item key
	backoff backoff

	// life bounds the requests: they outlive the Write that queued them and
	// are cancelled only when Close gives up.
	life context.Context
	stop context.CancelFunc
	wg   sync.WaitGroup

	mu        sync.Mutex
	changed   chan struct{} // closed and replaced on every state change
	buf       []ddbtypes.WriteRequest
	inflight  int  // batches being written
	flushing  int  // Flush calls waiting
	timerDue  bool // the oldest buffered row is 'sink.flush-buffer.timeout' old
	timer     *time.Timer
	timerGen  int   // tells a stale timer's callback from the current one's
	err       error // the first fatal error: the sink accepts nothing after it
	closed    bool
	retries   int64
	completed int64
	// retriedItems counts the items of retried requests, merged the rows
	// superseded by a later row of their item key in their batch, for
	// metrics (stats.go).
	retriedItems int64
	merged       int64
}

func newSink(c *sinkConfig, client BatchWriter, schema types.Schema, keys []string, log *zap.Logger) *sink {
	life, stop := context.WithCancel(context.Background())
	return &sink{
		cfg: c, client: client, conv: newConverter(schema, c.ignoreNull, c.deleteKeys, keys), log: log,
		keys: keys, backoff: defaultBackoff, life: life, stop: stop, changed: make(chan struct{}),
	}
}

// broadcastLocked wakes everything waiting for a state change.
func (s *sink) broadcastLocked() {
	close(s.changed)
	s.changed = make(chan struct{})
}

// waitLocked releases the lock until the state changes or ctx ends.
func (s *sink) waitLocked(ctx context.Context) error {
	ch := s.changed
	s.mu.Unlock()
	defer s.mu.Lock()
	select {
	case <-ch:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (s *sink) failLocked(err error) {
	if s.err == nil {
		s.err = err
		s.log.Error("dynamodb sink failed", zap.String("dynamodb_table", s.cfg.table), zap.Error(err))
	}
	s.broadcastLocked()
}

// Write implements connectors.Sink. It blocks while 'sink.requests.max-buffered'
// rows wait to be sent.
func (s *sink) Write(ctx context.Context, rows []types.Row) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, r := range rows {
		if err := s.usableLocked(); err != nil {
			return err
		}
		req, err := s.conv.request(r)
		if errors.Is(err, errSkip) {
			continue
		}
		if err != nil {
			err = fmt.Errorf("dynamodb table '%s': converting row %s: %w", s.cfg.table, rowText(r), err)
			s.failLocked(err)
			return err
		}
		s.buf = append(s.buf, req)
		if s.timer == nil {
			s.timerGen++
			gen := s.timerGen
			s.timer = time.AfterFunc(s.cfg.flushAfter, func() { s.onTimer(gen) })
		}
		s.dispatchLocked()
		for len(s.buf) >= s.cfg.maxBuffer {
			if err := s.usableLocked(); err != nil {
				return err
			}
			if err := s.waitLocked(ctx); err != nil {
				return fmt.Errorf("dynamodb table '%s': waiting for buffer space: %w", s.cfg.table, err)
			}
		}
	}
	return s.usableLocked()
}

func (s *sink) usableLocked() error {
	if s.err != nil {
		return s.err
	}
	if s.closed {
		return fmt.Errorf("dynamodb table '%s': sink is closed", s.cfg.table)
	}
	return nil
}

// onTimer sends whatever is buffered once the oldest row has waited
// 'sink.flush-buffer.timeout'.
func (s *sink) onTimer(gen int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if gen != s.timerGen || s.timer == nil {
		return // stopped or replaced while this callback waited for the lock
	}
	s.timer = nil
	if s.closed || len(s.buf) == 0 {
		return
	}
	s.timerDue = true
	s.dispatchLocked()
}

// dispatchLocked starts batches: full ones always, partial ones when a
// flush or the buffer timeout asks for everything, as far as
// 'sink.requests.max-inflight' allows.
func (s *sink) dispatchLocked() {
	all := s.flushing > 0 || s.timerDue
	for s.err == nil && len(s.buf) > 0 && s.inflight < s.cfg.maxFlight && (all || len(s.buf) >= s.cfg.maxBatch) {
		n := min(len(s.buf), s.cfg.maxBatch)
		batch := make([]ddbtypes.WriteRequest, n)
		copy(batch, s.buf[:n])
		clear(s.buf[:n])
		s.buf = s.buf[n:]
		s.inflight++
		s.wg.Add(1)
		go s.send(batch)
	}
	if len(s.buf) == 0 {
		s.timerDue = false
		if s.timer != nil {
			s.timer.Stop()
			s.timer = nil
		}
	}
}

// send writes one batch until every item is acknowledged, retrying
// unprocessed items and retryable failures with backoff.
func (s *sink) send(batch []ddbtypes.WriteRequest) {
	defer s.wg.Done()
	items, err := s.merge(batch)
	if err == nil {
		err = s.write(items)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.inflight--
	if err != nil {
		s.failLocked(err)
	} else {
		s.completed += int64(len(items))
		s.noteMergedLocked(len(batch) - len(items))
	}
	s.dispatchLocked()
	s.broadcastLocked()
}

// merge leaves in a batch one request per item: DynamoDB rejects a whole
// BatchWriteItem that names an item twice ("Provided list of item keys
// contains duplicates"). Of the requests of one item key the last is kept,
// which is what DynamoDB holds after writing them one by one. PARTITIONED BY
// columns merge first, as Flink's overwriteByPartitionKeys does.
func (s *sink) merge(batch []ddbtypes.WriteRequest) ([]ddbtypes.WriteRequest, error) {
	items := batch
	var err error
	if len(s.cfg.partitionKeys) > 0 && !sameSet(s.cfg.partitionKeys, s.keys) {
		if items, err = dedupe(items, s.cfg.partitionKeys); err != nil {
			return nil, fmt.Errorf("dynamodb table '%s': %w", s.cfg.table, err)
		}
	}
	if items, err = dedupe(items, s.keys); err != nil {
		return nil, fmt.Errorf("dynamodb table '%s': %w", s.cfg.table, err)
	}
	return items, nil
}

// noteMergedLocked counts merged rows and says once in the log that the
// sink merges, so that fewer items than rows is no surprise.
func (s *sink) noteMergedLocked(n int) {
	if n == 0 {
		return
	}
	if s.merged == 0 {
		s.log.Info("dynamodb sink merged rows of one item key within a batch (the last wins, as DynamoDB keeps the last write); counted in sink_merged_rows_total",
			zap.String("dynamodb_table", s.cfg.table), zap.Strings("item_key", s.keys), zap.Int("merged", n))
	}
	s.merged += int64(n)
}

func (s *sink) write(items []ddbtypes.WriteRequest) error {
	for attempt := 0; ; attempt++ {
		out, err := s.client.BatchWriteItem(s.life, &dynamodb.BatchWriteItemInput{
			RequestItems: map[string][]ddbtypes.WriteRequest{s.cfg.table: items},
		})
		var retry string
		switch {
		case err != nil && s.life.Err() != nil:
			return fmt.Errorf("dynamodb table '%s': sink closed before %d items were written (first %s): %w",
				s.cfg.table, len(items), describeRequest(items[0], s.keys), err)
		case err != nil && isFatal(err):
			return fmt.Errorf("dynamodb table '%s': non-recoverable failure writing %d items (first %s): %w",
				s.cfg.table, len(items), describeRequest(items[0], s.keys), err)
		case err != nil && s.cfg.failFast:
			return fmt.Errorf("dynamodb table '%s': writing %d items (first %s) failed and '%s' is set, so it is not retried: %w",
				s.cfg.table, len(items), describeRequest(items[0], s.keys), optFailOnError, err)
		case err != nil:
			retry = err.Error()
		default:
			unprocessed := out.UnprocessedItems[s.cfg.table]
			if len(unprocessed) == 0 {
				return nil
			}
			retry = fmt.Sprintf("%d of %d items unprocessed", len(unprocessed), len(items))
			items = unprocessed
		}
		s.noteRetry(attempt, len(items), retry, items[0])
		select {
		case <-time.After(s.backoff.delay(attempt)):
		case <-s.life.Done():
			return fmt.Errorf("dynamodb table '%s': sink closed before %d items were written (first %s): %w",
				s.cfg.table, len(items), describeRequest(items[0], s.keys), s.life.Err())
		}
	}
}

// noteRetry logs a retry: the first of a batch and every tenth at warning
// level, the others at debug level, so that sustained throttling is visible
// without flooding the log.
func (s *sink) noteRetry(attempt, n int, why string, first ddbtypes.WriteRequest) {
	s.mu.Lock()
	s.retries++
	s.retriedItems += int64(n)
	s.mu.Unlock()
	level := zap.DebugLevel
	if attempt == 0 || attempt%10 == 9 {
		level = zap.WarnLevel
	}
	if ce := s.log.Check(level, "dynamodb sink retrying"); ce != nil {
		ce.Write(zap.String("dynamodb_table", s.cfg.table), zap.Int("items", n), zap.Int("attempt", attempt+1),
			zap.String("reason", why), zap.String("first", describeRequest(first, s.keys)))
	}
}

// dedupe keeps the last request of each key (the values of keys), in the
// position where the key first appears.
func dedupe(batch []ddbtypes.WriteRequest, keys []string) ([]ddbtypes.WriteRequest, error) {
	if len(keys) == 0 {
		return batch, nil
	}
	pos := make(map[string]int, len(batch))
	out := batch[:0:0]
	for _, req := range batch {
		k, err := dedupeKey(req, keys)
		if err != nil {
			return nil, err
		}
		if i, ok := pos[k]; ok {
			out[i] = req
			continue
		}
		pos[k] = len(out)
		out = append(out, req)
	}
	return out, nil
}

// Flush implements connectors.Sink: it sends everything buffered and returns
// once every row written before is acknowledged by DynamoDB.
func (s *sink) Flush(ctx context.Context) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.flushing++
	defer func() { s.flushing-- }()
	for {
		if s.err != nil {
			return s.err
		}
		s.dispatchLocked()
		if len(s.buf) == 0 && s.inflight == 0 {
			return nil
		}
		if err := s.waitLocked(ctx); err != nil {
			return fmt.Errorf("dynamodb table '%s': flush: %d rows buffered and %d batches in flight: %w",
				s.cfg.table, len(s.buf), s.inflight, err)
		}
	}
}

// Close implements connectors.Sink: it flushes, then stops. If ctx ends
// first, requests still running are cancelled and the rows they carried are
// reported as not written. Close returns only when no request is left.
func (s *sink) Close(ctx context.Context) error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return nil
	}
	s.mu.Unlock()
	err := s.Flush(ctx)
	s.mu.Lock()
	s.closed = true
	if s.timer != nil {
		s.timer.Stop()
		s.timer = nil
	}
	left := len(s.buf)
	s.buf = nil
	s.mu.Unlock()
	s.stop()
	s.wg.Wait()
	s.mu.Lock()
	lost := s.err
	s.mu.Unlock()
	switch {
	case err == nil && left > 0:
		err = fmt.Errorf("dynamodb table '%s': %d rows were not written", s.cfg.table, left)
	case err != nil && lost != nil && lost != err:
		// Flush gave up: say which rows the cancelled requests carried.
		err = errors.Join(err, lost)
	}
	s.log.Debug("dynamodb sink closed", zap.String("dynamodb_table", s.cfg.table),
		zap.Int64("written", s.completed), zap.Int64("retries", s.retries))
	return err
}

func rowText(r types.Row) string {
	return excerpt.Bytes(types.AppendRowString(nil, r), 300)
}

func deref(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}
