package dynamodb

import (
	"context"
	"net/http/httptrace"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/smithy-go/middleware"

	"github.com/sluice-sql/sluice/connectors/dynamodb/dynamodbtest"
)

// TestNewClientKeepsConnections: with MaxConns, rounds of that many
// concurrent requests reuse the connections of the first round (issue 13
// item 9: the SDK keeps 10 idle connections per host, so `sluice serve`
// under load opened and closed a connection for most queries). Against
// DynamoDB Local; each round's requests start together.
func TestNewClientKeepsConnections(t *testing.T) {
	const concurrent, rounds = 32, 5
	tests := []struct {
		name     string
		maxConns int
		check    func(opened int64) bool
		want     string
	}{
		{name: "MaxConns", maxConns: concurrent, check: func(n int64) bool { return n <= concurrent }, want: "at most one connection per concurrent request"},
		// The SDK's default, for contrast: connections beyond 10 are closed
		// after each round and opened again by the next.
		{name: "SDK default", check: func(n int64) bool { return n > concurrent }, want: "more connections than concurrent requests"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv("AWS_ACCESS_KEY_ID", dynamodbtest.AccessKey)
			t.Setenv("AWS_SECRET_ACCESS_KEY", dynamodbtest.SecretKey)
			var opened atomic.Int64
			trace := &httptrace.ClientTrace{GotConn: func(info httptrace.GotConnInfo) {
				if !info.Reused {
					opened.Add(1)
				}
			}}
			var barrier *sync.WaitGroup
			client, err := NewClient(context.Background(), ClientConfig{
				Region: dynamodbtest.Region, Endpoint: dynamodbtest.Endpoint(t), MaxConns: tt.maxConns,
				Options: []func(*dynamodb.Options){func(o *dynamodb.Options) {
					o.APIOptions = append(o.APIOptions, func(st *middleware.Stack) error {
						return st.Initialize.Add(middleware.InitializeMiddlewareFunc("startTogether",
							func(ctx context.Context, in middleware.InitializeInput, next middleware.InitializeHandler) (middleware.InitializeOutput, middleware.Metadata, error) {
								barrier.Done()
								barrier.Wait()
								return next.HandleInitialize(ctx, in)
							}), middleware.Before)
					})
				}},
			})
			if err != nil {
				t.Fatal(err)
			}
			ctx := httptrace.WithClientTrace(ctxT(t), trace)
			for range rounds {
				barrier = &sync.WaitGroup{}
				barrier.Add(concurrent)
				var wg sync.WaitGroup
				errs := make(chan error, concurrent)
				for range concurrent {
					wg.Add(1)
					go func() {
						defer wg.Done()
						_, err := client.ListTables(ctx, &dynamodb.ListTablesInput{Limit: aws.Int32(1)})
						errs <- err
					}()
				}
				wg.Wait()
				close(errs)
				for err := range errs {
					if err != nil {
						t.Fatal(err)
					}
				}
			}
			if n := opened.Load(); !tt.check(n) {
				t.Errorf("%d connections opened for %d rounds of %d concurrent requests, want %s", n, rounds, concurrent, tt.want)
			}
		})
	}
}
