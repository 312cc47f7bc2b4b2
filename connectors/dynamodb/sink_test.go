package dynamodb

import (
	"context"
	"fmt"
	"math/big"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	ddbtypes "github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/smithy-go/middleware"
	"go.uber.org/zap/zaptest"

	"github.com/sluice-sql/sluice/connectors"
	"github.com/sluice-sql/sluice/connectors/dynamodb/dynamodbtest"
	"github.com/sluice-sql/sluice/engine/types"
)

// seedSchema is the job's sink table (processor.py's flagged_transactions).
var seedSchema = types.Schema{
	{Name: "account_id", Type: types.BigInt},
	{Name: "customer_id", Type: types.Varchar(15)},
	{Name: "merchant_type", Type: types.Varchar(8)},
	{Name: "transaction_id", Type: types.Varchar(16)},
	{Name: "transaction_type", Type: types.Varchar(20)},
	{Name: "transaction_amount", Type: types.DecimalType(10, 2)},
	{Name: "transaction_date", Type: types.TimestampType(3)},
}

// newSeedTable creates a table from configs/ddb.json under a unique name.
func newSeedTable(t *testing.T) (*dynamodb.Client, string) {
	t.Helper()
	client := dynamodbtest.Client(t)
	def, err := LoadTableDefinition(dynamodbtest.RepoFile(t, "configs/ddb.json"))
	if err != nil {
		t.Fatal(err)
	}
	name := dynamodbtest.TableName(t)
	def.TableName = &name
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if _, err := EnsureTable(ctx, client, def); err != nil {
		t.Fatal(err)
	}
	dynamodbtest.DeleteOnCleanup(t, client, name)
	return client, name
}

// sinkTable declares the seed sink table writing to DynamoDB table name.
func sinkTable(t *testing.T, name string, opts map[string]string, pk, partition []string) connectors.Table {
	o := map[string]string{
		"connector": "dynamodb", "table-name": name, "aws.region": dynamodbtest.Region,
		"aws.endpoint":                      dynamodbtest.Endpoint(t),
		"aws.credentials.provider":          "BASIC",
		"aws.credentials.basic.accesskeyid": dynamodbtest.AccessKey,
		"aws.credentials.basic.secretkey":   dynamodbtest.SecretKey,
	}
	for k, v := range opts {
		o[k] = v
	}
	return connectors.Table{Name: "flagged_transactions", Schema: seedSchema, Options: o,
		PrimaryKey: pk, PartitionKeys: partition, Logger: zaptest.NewLogger(t)}
}

func openSink(t *testing.T, f Factory, tbl connectors.Table) *sink {
	t.Helper()
	if _, err := f.Options(tbl); err != nil {
		t.Fatal(err)
	}
	s, err := f.NewSink(tbl)
	if err != nil {
		t.Fatal(err)
	}
	snk := s.(*sink)
	snk.backoff = backoff{base: time.Millisecond, max: 20 * time.Millisecond}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		_ = snk.Close(ctx)
	})
	return snk
}

// tx is one row of the seed sink table; customer "" is NULL.
func tx(t *testing.T, kind types.RowKind, account int64, customer, id, amount, date string) types.Row {
	c := types.Null
	if customer != "" {
		c = types.StringValue(customer)
	}
	return types.Row{Kind: kind, Fields: []types.Value{
		types.BigIntValue(account), c, types.StringValue("Online"), types.StringValue(id),
		types.StringValue("Grocery_Store"), dec(t, amount), ts(t, date),
	}}
}

// itemText renders an item as "name=value" pairs sorted by name. Numbers
// are compared by value: DynamoDB stores "12.50" and answers "12.5".
func itemText(item map[string]ddbtypes.AttributeValue) string {
	parts := make([]string, 0, len(item))
	for k, v := range item {
		text := attributeText(v)
		if n, ok := v.(*ddbtypes.AttributeValueMemberN); ok {
			if r, ok := new(big.Rat).SetString(n.Value); ok {
				text = r.RatString()
			}
		}
		parts = append(parts, k+"="+text)
	}
	sort.Strings(parts)
	return strings.Join(parts, " ")
}

func scanTexts(t *testing.T, client *dynamodb.Client, table string) []string {
	var out []string
	for _, it := range dynamodbtest.Scan(t, client, table) {
		out = append(out, itemText(it))
	}
	sort.Strings(out)
	return out
}

func expectTexts(t *testing.T, rows []types.Row, ignoreNull bool) []string {
	conv := newConverter(seedSchema, ignoreNull, nil, nil)
	var out []string
	for _, r := range rows {
		req, err := conv.request(r)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, itemText(req.PutRequest.Item))
	}
	sort.Strings(out)
	return out
}

func sameTexts(t *testing.T, got, want []string) {
	t.Helper()
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("table holds %d items:\n%s\nwant %d:\n%s", len(got), strings.Join(got, "\n"), len(want), strings.Join(want, "\n"))
	}
}

func ctxT(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	t.Cleanup(cancel)
	return ctx
}

func TestSinkWritesItems(t *testing.T) {
	pk := []string{"transaction_id", "transaction_date"}
	tests := []struct {
		name       string
		opts       map[string]string
		pk, part   []string
		write      func(t *testing.T) []types.Row
		want       func(t *testing.T) []types.Row // rows whose items remain
		ignoreNull bool
		sent       string // a transaction_amount that must be sent as written
	}{
		{
			name: "60 rows in 3 batches, NULL and DECIMAL scale",
			sent: "12.50",
			write: func(t *testing.T) []types.Row {
				var rows []types.Row
				for i := range 60 {
					customer := fmt.Sprintf("C%d", i)
					if i%7 == 0 {
						customer = "" // NULL → NUL
					}
					rows = append(rows, tx(t, types.Insert, 1000000001+int64(i%5), customer, fmt.Sprintf("T%015d", i), fmt.Sprintf("%d.50", i), fmt.Sprintf("2023-08-10 12:%02d:00.120", i)))
				}
				return rows
			},
		},
		{
			name:       "ignore-nulls omits the attribute",
			opts:       map[string]string{"sink.ignore-nulls": "true"},
			ignoreNull: true,
			write: func(t *testing.T) []types.Row {
				return []types.Row{tx(t, types.Insert, 1, "", "T1", "0.05", "2023-08-10 12:00:00")}
			},
		},
		{
			name: "PARTITIONED BY keeps the last write of a key in a batch",
			part: pk,
			write: func(t *testing.T) []types.Row {
				return []types.Row{
					tx(t, types.Insert, 1, "first", "T1", "1.00", "2023-08-10 12:00:00"),
					tx(t, types.Insert, 2, "other", "T2", "2.00", "2023-08-10 12:00:00"),
					tx(t, types.Insert, 1, "last", "T1", "9.99", "2023-08-10 12:00:00"),
				}
			},
			want: func(t *testing.T) []types.Row {
				return []types.Row{
					tx(t, types.Insert, 2, "other", "T2", "2.00", "2023-08-10 12:00:00"),
					tx(t, types.Insert, 1, "last", "T1", "9.99", "2023-08-10 12:00:00"),
				}
			},
		},
		{
			name: "upsert and delete by PRIMARY KEY",
			pk:   pk,
			write: func(t *testing.T) []types.Row {
				return []types.Row{
					tx(t, types.Insert, 1, "a", "T1", "1.00", "2023-08-10 12:00:00"),
					tx(t, types.Insert, 1, "b", "T2", "2.00", "2023-08-10 12:00:01"),
					tx(t, types.UpdateBefore, 1, "b", "T2", "2.00", "2023-08-10 12:00:01"),
					tx(t, types.UpdateAfter, 1, "b2", "T2", "2.50", "2023-08-10 12:00:01"),
					tx(t, types.Delete, 1, "a", "T1", "1.00", "2023-08-10 12:00:00"),
				}
			},
			want: func(t *testing.T) []types.Row {
				return []types.Row{tx(t, types.Insert, 1, "b2", "T2", "2.50", "2023-08-10 12:00:01")}
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			client, name := newSeedTable(t)
			rec := &injector{}
			s := openSink(t, Factory{ClientOptions: []func(*dynamodb.Options){rec.options}}, sinkTable(t, name, tt.opts, tt.pk, tt.part))
			rows := tt.write(t)
			// One row per Write, as a stream delivers them; Flush is the checkpoint.
			for _, r := range rows {
				if err := s.Write(ctxT(t), []types.Row{r}); err != nil {
					t.Fatal(err)
				}
			}
			if err := s.Flush(ctxT(t)); err != nil {
				t.Fatal(err)
			}
			want := rows
			if tt.want != nil {
				want = tt.want(t)
			}
			sameTexts(t, scanTexts(t, client, name), expectTexts(t, want, tt.ignoreNull))
			if tt.sent != "" && !contains(rec.amounts, tt.sent) {
				t.Errorf("no transaction_amount sent as %q: %v", tt.sent, rec.amounts)
			}
			if want := int64((len(rows) + 24) / 25); rec.calls.Load() < want {
				t.Errorf("%d BatchWriteItem calls for %d rows", rec.calls.Load(), len(rows))
			}
		})
	}
}

func TestSinkFlushesAfterTimeout(t *testing.T) {
	client, name := newSeedTable(t)
	s := openSink(t, Factory{}, sinkTable(t, name, map[string]string{"sink.flush-buffer.timeout": "100"}, nil, nil))
	rows := []types.Row{tx(t, types.Insert, 1, "a", "T1", "1.00", "2023-08-10 12:00:00")}
	if err := s.Write(ctxT(t), rows); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for len(dynamodbtest.Scan(t, client, name)) == 0 {
		if time.Now().After(deadline) {
			t.Fatal("the buffered row was not written within 10 s of a 100 ms flush timeout")
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// injector is an aws middleware that makes the real server's answers worse
// on the way back: it withholds items from a request and reports them as
// UnprocessedItems, or replaces a successful answer with a throttling error,
// so that every retry really goes to the server.
type injector struct {
	mu          sync.Mutex
	unprocessed int // requests left to answer with half of the items unprocessed
	throttle    int // requests left to answer with a throttling error
	calls       atomic.Int64
	block       chan struct{} // if set, each request waits for it
	amounts     []string      // transaction_amount as sent, before the server normalizes it
}

func (in *injector) options(o *dynamodb.Options) {
	o.RetryMaxAttempts = 1 // the sink's own retries are under test
	o.APIOptions = append(o.APIOptions, func(st *middleware.Stack) error {
		return st.Initialize.Add(middleware.InitializeMiddlewareFunc("sluiceTestInjector", in.handle), middleware.Before)
	})
}

func (in *injector) handle(ctx context.Context, args middleware.InitializeInput, next middleware.InitializeHandler) (middleware.InitializeOutput, middleware.Metadata, error) {
	params, ok := args.Parameters.(*dynamodb.BatchWriteItemInput)
	if !ok {
		return next.HandleInitialize(ctx, args)
	}
	in.calls.Add(1)
	in.mu.Lock()
	for _, reqs := range params.RequestItems {
		for _, r := range reqs {
			if r.PutRequest != nil {
				if n, ok := r.PutRequest.Item["transaction_amount"].(*ddbtypes.AttributeValueMemberN); ok {
					in.amounts = append(in.amounts, n.Value)
				}
			}
		}
	}
	in.mu.Unlock()
	if in.block != nil {
		select {
		case <-in.block:
		case <-ctx.Done():
			return middleware.InitializeOutput{}, middleware.Metadata{}, ctx.Err()
		}
	}
	in.mu.Lock()
	doUnprocessed := in.unprocessed > 0
	doThrottle := !doUnprocessed && in.throttle > 0
	if doUnprocessed {
		in.unprocessed--
	} else if doThrottle {
		in.throttle--
	}
	in.mu.Unlock()
	var withheld map[string][]ddbtypes.WriteRequest
	if doUnprocessed {
		sent := map[string][]ddbtypes.WriteRequest{}
		withheld = map[string][]ddbtypes.WriteRequest{}
		for table, reqs := range params.RequestItems {
			half := (len(reqs) + 1) / 2
			sent[table] = reqs[:half]
			if len(reqs[half:]) > 0 {
				withheld[table] = reqs[half:]
			}
		}
		cp := *params
		cp.RequestItems = sent
		args.Parameters = &cp
	}
	out, md, err := next.HandleInitialize(ctx, args)
	if err != nil {
		return out, md, err
	}
	if doThrottle {
		return middleware.InitializeOutput{}, md, &ddbtypes.ProvisionedThroughputExceededException{Message: aws.String("injected by the test")}
	}
	if doUnprocessed {
		res := out.Result.(*dynamodb.BatchWriteItemOutput)
		if res.UnprocessedItems == nil {
			res.UnprocessedItems = map[string][]ddbtypes.WriteRequest{}
		}
		for table, reqs := range withheld {
			res.UnprocessedItems[table] = append(res.UnprocessedItems[table], reqs...)
		}
	}
	return out, md, nil
}

func TestSinkRetries(t *testing.T) {
	tests := []struct {
		name                  string
		unprocessed, throttle int
		minCalls              int64
	}{
		{name: "unprocessed items", unprocessed: 5, minCalls: 3 + 5},
		{name: "throttling", throttle: 4, minCalls: 3 + 4},
		{name: "both", unprocessed: 3, throttle: 3, minCalls: 3 + 6},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			client, name := newSeedTable(t)
			in := &injector{unprocessed: tt.unprocessed, throttle: tt.throttle}
			s := openSink(t, Factory{ClientOptions: []func(*dynamodb.Options){in.options}}, sinkTable(t, name, nil, nil, nil))
			var rows []types.Row
			for i := range 60 {
				rows = append(rows, tx(t, types.Insert, 7, "c", fmt.Sprintf("T%d", i), "1.00", "2023-08-10 12:00:00"))
			}
			if err := s.Write(ctxT(t), rows); err != nil {
				t.Fatal(err)
			}
			if err := s.Flush(ctxT(t)); err != nil {
				t.Fatal(err)
			}
			if in.unprocessed != 0 || in.throttle != 0 {
				t.Errorf("injections left: %d unprocessed, %d throttling", in.unprocessed, in.throttle)
			}
			if got := in.calls.Load(); got < tt.minCalls {
				t.Errorf("%d BatchWriteItem calls, want at least %d", got, tt.minCalls)
			}
			sameTexts(t, scanTexts(t, client, name), expectTexts(t, rows, false))
		})
	}
}

// deletedAfterStart makes a seed table that goes away once the sink has
// started, so that its writes fail with ResourceNotFoundException.
func deletedAfterStart(t *testing.T) (string, func()) {
	client, name := newSeedTable(t)
	return name, func() {
		if _, err := client.DeleteTable(ctxT(t), &dynamodb.DeleteTableInput{TableName: &name}); err != nil {
			t.Fatal(err)
		}
	}
}

func TestSinkFailures(t *testing.T) {
	seedTable := func(t *testing.T) (string, func()) { _, n := newSeedTable(t); return n, func() {} }
	tests := []struct {
		name     string
		table    func(t *testing.T) (name string, afterStart func())
		opts     map[string]string
		in       *injector
		row      func(t *testing.T) types.Row
		writeErr bool // the row is refused by Write, before any request
		want     []string
	}{
		{
			name:  "table deleted after start is fatal",
			table: deletedAfterStart,
			row:   func(t *testing.T) types.Row { return tx(t, types.Insert, 1, "a", "T1", "1.00", "2023-08-10 12:00:00") },
			want:  []string{"non-recoverable", "ResourceNotFoundException", `transaction_id="T1"`},
		},
		{
			name:  "validation is fatal",
			table: seedTable,
			row: func(t *testing.T) types.Row {
				// DynamoDB's item size limit is 400 KB.
				return tx(t, types.Insert, 1, strings.Repeat("c", 410*1024), "T1", "1.00", "2023-08-10 12:00:00")
			},
			want: []string{"non-recoverable", "ValidationException", `transaction_id="T1"`},
		},
		{
			name:     "a NULL key attribute fails the row",
			table:    seedTable,
			opts:     map[string]string{"sink.ignore-nulls": "true"},
			writeErr: true,
			row: func(t *testing.T) types.Row {
				r := tx(t, types.Insert, 1, "a", "T1", "1.00", "2023-08-10 12:00:00")
				r.Fields[6] = types.Null // the range key is left out
				return r
			},
			want: []string{"converting row +I[1, a, Online, T1, Grocery_Store, 1.00, null]", "key attribute 'transaction_date' is NULL"},
		},
		{
			name:  "fail-on-error fails on throttling",
			table: seedTable,
			opts:  map[string]string{"sink.fail-on-error": "true"},
			in:    &injector{throttle: 1},
			row:   func(t *testing.T) types.Row { return tx(t, types.Insert, 1, "a", "T1", "1.00", "2023-08-10 12:00:00") },
			want:  []string{"'sink.fail-on-error' is set", "ProvisionedThroughputExceeded"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			name, afterStart := tt.table(t)
			f := Factory{}
			if tt.in != nil {
				f.ClientOptions = append(f.ClientOptions, tt.in.options)
			}
			s := openSink(t, f, sinkTable(t, name, tt.opts, nil, nil))
			afterStart()
			err := s.Write(ctxT(t), []types.Row{tt.row(t)})
			switch {
			case tt.writeErr && err == nil:
				t.Fatal("Write accepted the row")
			case !tt.writeErr && err != nil:
				t.Fatal(err)
			case !tt.writeErr:
				if err = s.Flush(ctxT(t)); err == nil {
					t.Fatal("Flush succeeded")
				}
			}
			for _, w := range append(tt.want, name) {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not mention %q", err, w)
				}
			}
			if err2 := s.Write(ctxT(t), []types.Row{tt.row(t)}); err2 == nil {
				t.Error("Write accepted rows after a fatal error")
			}
		})
	}
}

// TestNewSinkChecksTheTable: the sink reads the table's key schema at start
// and refuses to start when the table is missing or the SQL table cannot
// write its key, rather than failing on the first batch.
func TestNewSinkChecksTheTable(t *testing.T) {
	_, seed := newSeedTable(t)
	without := func(col string) types.Schema {
		var out types.Schema
		for _, c := range seedSchema {
			if c.Name != col {
				out = append(out, c)
			}
		}
		return out
	}
	retyped := func(col string, typ types.Type) types.Schema {
		out := append(types.Schema(nil), seedSchema...)
		out[out.Index(col)].Type = typ
		return out
	}
	tests := []struct {
		name   string
		table  string
		schema types.Schema
		want   []string
	}{
		{name: "missing table", table: seed + "-missing", schema: seedSchema,
			want: []string{"DynamoDB table '" + seed + "-missing' does not exist (region us-east-1, endpoint http", "sluice dynamodb create-table", "'sink.create-table.definition'"}},
		{name: "no column for the range key", table: seed, schema: without("transaction_date"),
			want: []string{"has the RANGE key 'transaction_date', but table 'flagged_transactions' has no column 'transaction_date'", "columns: account_id, customer_id"}},
		{name: "no column for the hash key", table: seed, schema: without("transaction_id"),
			want: []string{"has the HASH key 'transaction_id'"}},
		{name: "key column of another type", table: seed, schema: retyped("transaction_date", types.BigInt),
			want: []string{"the RANGE key 'transaction_date' of DynamoDB table '" + seed + "' is of type S, but column 'transaction_date' of table 'flagged_transactions' is BIGINT, which the sink writes as N"}},
		{name: "BOOLEAN key column", table: seed, schema: retyped("transaction_id", types.Boolean),
			want: []string{"writes as BOOL, which is no key type"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tbl := sinkTable(t, tt.table, nil, nil, nil)
			tbl.Schema = tt.schema
			s, err := Factory{}.NewSink(tbl)
			if err == nil {
				_ = s.Close(ctxT(t))
				t.Fatal("NewSink succeeded")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not mention %q", err, w)
				}
			}
		})
	}
}

// Write blocks while max-buffered rows wait; Close cancels what cannot finish.
func TestSinkBackpressure(t *testing.T) {
	client, name := newSeedTable(t)
	in := &injector{block: make(chan struct{})}
	s := openSink(t, Factory{ClientOptions: []func(*dynamodb.Options){in.options}}, sinkTable(t, name, map[string]string{
		"sink.batch.max-size": "5", "sink.requests.max-inflight": "1", "sink.requests.max-buffered": "10",
	}, nil, nil))
	var rows []types.Row
	for i := range 30 {
		rows = append(rows, tx(t, types.Insert, 7, "c", fmt.Sprintf("T%d", i), "1.00", "2023-08-10 12:00:00"))
	}
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	err := s.Write(ctx, rows)
	if err == nil || !strings.Contains(err.Error(), "waiting for buffer space") {
		t.Fatalf("Write with a stalled server: %v, want it to block until its context ends", err)
	}
	s.mu.Lock()
	buffered, inflight := len(s.buf), s.inflight
	s.mu.Unlock()
	if buffered != 10 || inflight != 1 {
		t.Errorf("buffered %d rows with %d batches in flight, want 10 and 1", buffered, inflight)
	}
	close(in.block)
	if err := s.Flush(ctxT(t)); err != nil {
		t.Fatal(err)
	}
	if got := len(dynamodbtest.Scan(t, client, name)); got != 15 {
		t.Errorf("%d items written, want the 15 rows Write accepted", got)
	}
	if err := s.Close(ctxT(t)); err != nil {
		t.Fatal(err)
	}
}

func TestSinkCloseGivesUp(t *testing.T) {
	_, name := newSeedTable(t)
	in := &injector{block: make(chan struct{})} // never released
	s := openSink(t, Factory{ClientOptions: []func(*dynamodb.Options){in.options}}, sinkTable(t, name, nil, nil, nil))
	if err := s.Write(ctxT(t), []types.Row{tx(t, types.Insert, 1, "a", "T1", "1.00", "2023-08-10 12:00:00")}); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	start := time.Now()
	err := s.Close(ctx)
	if err == nil || !strings.Contains(err.Error(), "sink closed before 1 items were written") {
		t.Fatalf("Close: %v", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("Close took %v", d)
	}
	if s.inflight != 0 {
		t.Errorf("%d batches still in flight after Close", s.inflight)
	}
}

func TestNewSinkCreatesTable(t *testing.T) {
	client := dynamodbtest.Client(t)
	name := dynamodbtest.TableName(t)
	// The definition names its table; the sink's 'table-name' must agree.
	def := []byte(strings.Replace(string(mustRead(t, dynamodbtest.RepoFile(t, "configs/ddb.json"))), `"flagged-transactions"`, `"`+name+`"`, 1))
	path := t.TempDir() + "/ddb.json"
	writeFile(t, path, def)
	dynamodbtest.DeleteOnCleanup(t, client, name)
	s := openSink(t, Factory{}, sinkTable(t, name, map[string]string{"sink.create-table.definition": path}, nil, nil))
	if err := s.Write(ctxT(t), []types.Row{tx(t, types.Insert, 1, "a", "T1", "1.00", "2023-08-10 12:00:00")}); err != nil {
		t.Fatal(err)
	}
	if err := s.Flush(ctxT(t)); err != nil {
		t.Fatal(err)
	}
	if got := len(dynamodbtest.Scan(t, client, name)); got != 1 {
		t.Errorf("%d items", got)
	}
	if _, err := (Factory{}).NewSink(sinkTable(t, "other", map[string]string{"sink.create-table.definition": path}, nil, nil)); err == nil ||
		!strings.Contains(err.Error(), "but 'table-name' is 'other'") {
		t.Errorf("mismatched table name: %v", err)
	}
}
