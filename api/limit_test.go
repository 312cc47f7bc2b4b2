package api

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/smithy-go/middleware"
	"go.uber.org/zap/zaptest"

	"github.com/sluice-sql/sluice/connectors/dynamodb/dynamodbtest"
)

// holdQueries makes every query of a DynamoDB Local client wait, once it
// is in flight, until release is closed; entered receives one value per
// query that got that far.
func holdQueries(entered chan<- struct{}, release <-chan struct{}) func(*dynamodb.Options) {
	return func(o *dynamodb.Options) {
		o.APIOptions = append(o.APIOptions, func(st *middleware.Stack) error {
			return st.Initialize.Add(middleware.InitializeMiddlewareFunc("holdQueries",
				func(ctx context.Context, in middleware.InitializeInput, next middleware.InitializeHandler) (middleware.InitializeOutput, middleware.Metadata, error) {
					entered <- struct{}{}
					select {
					case <-release:
					case <-ctx.Done():
						return middleware.InitializeOutput{}, middleware.Metadata{}, ctx.Err()
					}
					return next.HandleInitialize(ctx, in)
				}), middleware.Before)
		})
	}
}

// TestLimitQueries (issue 13 item 9): with every query slot taken, a
// request waits the queue wait and then gets 503 with Retry-After instead of
// adding to DynamoDB's queue; one that finds a slot freed within the wait is
// answered; nothing is left holding a slot afterwards.
func TestLimitQueries(t *testing.T) {
	fx := newFixture(t)
	entered, release := make(chan struct{}, 16), make(chan struct{})
	client := dynamodbtest.Client(t, holdQueries(entered, release))
	const wait = 200 * time.Millisecond
	srv := httptest.NewServer(NewHandler(LimitQueries(client, 2, wait), fx.table, "account", zaptest.NewLogger(t)))
	defer srv.Close()

	held := make(chan answer, 2)
	for range 2 {
		go func() { held <- getAsync(t, srv, "/accounts/1000000001/flagged-transactions") }()
	}
	for range 2 {
		<-entered // both slots are taken by queries in flight
	}
	start := time.Now()
	busy := get(t, srv, http.MethodGet, "/transactions/T3")
	if took := time.Since(start); busy.status != http.StatusServiceUnavailable || took < wait {
		t.Fatalf("with every slot taken: %d after %v (%s), want 503 after the %v queue wait", busy.status, took, busy.raw, wait)
	}
	if got := busy.header.Get("Retry-After"); got != "1" {
		t.Errorf("Retry-After %q, want 1", got)
	}
	if msg, _ := busy.body["error"].(string); !strings.Contains(msg, "server busy: 2 DynamoDB queries in flight") {
		t.Errorf("503 body %s", busy.raw)
	}

	// A request that waits while a slot frees is answered, not refused.
	waiting := make(chan answer, 1)
	go func() { waiting <- getAsync(t, srv, "/transactions/T3") }()
	time.Sleep(wait / 4)
	close(release)
	for range 2 {
		if a := <-held; a.status != http.StatusOK {
			t.Errorf("held query: %d %s", a.status, a.raw)
		}
	}
	if a := <-waiting; a.status != http.StatusOK {
		t.Errorf("query waiting for a slot: %d %s", a.status, a.raw)
	}
	for range 3 {
		if a := get(t, srv, http.MethodGet, "/accounts/1000000003/flagged-transactions"); a.status != http.StatusOK {
			t.Errorf("after the load: %d %s", a.status, a.raw)
		}
	}
}

// getAsync is get for another goroutine: it reports, never fails the test.
func getAsync(t *testing.T, srv *httptest.Server, path string) answer {
	resp, err := srv.Client().Get(srv.URL + path)
	if err != nil {
		t.Errorf("GET %s: %v", path, err)
		return answer{}
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	return answer{status: resp.StatusCode, header: resp.Header, raw: string(raw)}
}

func TestServeCommandRejectsLimits(t *testing.T) {
	for _, args := range [][]string{{"--max-inflight", "0"}, {"--queue-wait", "-1s"}} {
		err := ServeCommand(context.Background(), append([]string{"--addr", "127.0.0.1:0", "--endpoint", "http://127.0.0.1:1"}, args...), io.Discard, io.Discard, nil)
		if err == nil || !strings.Contains(err.Error(), "--max-inflight must be positive and --queue-wait not negative") {
			t.Errorf("%v: %v", args, err)
		}
	}
}
