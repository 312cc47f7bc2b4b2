package api

import (
	"context"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
)

// Defaults of `sluice serve --max-inflight` and `--queue-wait`: measured
// against DynamoDB Local on two cores (docs/performance.md, "The API under
// load"), where more requests in flight only lengthen DynamoDB's queue.
const (
	DefaultMaxInFlight = 64
	DefaultQueueWait   = 100 * time.Millisecond
	// busyRetryAfter is the Retry-After of a 503, in whole seconds as HTTP
	// has it.
	busyRetryAfter = 1
)

// busyError is a query refused because maxInFlight queries ran for the
// whole queue wait: the handler answers 503 with Retry-After.
type busyError struct{ inFlight int }

func (e *busyError) Error() string {
	return fmt.Sprintf("%d DynamoDB queries in flight, the most this server runs at once", e.inFlight)
}

// limitedQueryer runs at most cap(slots) queries at once. A query that
// finds them all taken waits up to wait for one, in arrival order, and is
// then refused: under overload, answers stay fast and clients are told to
// come back rather than piling up in DynamoDB's queue and the server's
// memory.
type limitedQueryer struct {
	next  DynamoQueryer
	slots chan struct{}
	wait  time.Duration
}

// LimitQueries bounds the queries in flight to next at maxInFlight; one
// that waited wait for a slot fails with an error the API answers as 503.
func LimitQueries(next DynamoQueryer, maxInFlight int, wait time.Duration) DynamoQueryer {
	return &limitedQueryer{next: next, slots: make(chan struct{}, maxInFlight), wait: wait}
}

func (l *limitedQueryer) Query(ctx context.Context, in *dynamodb.QueryInput, optFns ...func(*dynamodb.Options)) (*dynamodb.QueryOutput, error) {
	if err := l.acquire(ctx); err != nil {
		return nil, err
	}
	defer func() { <-l.slots }()
	return l.next.Query(ctx, in, optFns...)
}

func (l *limitedQueryer) acquire(ctx context.Context) error {
	select {
	case l.slots <- struct{}{}:
		return nil
	default:
	}
	t := time.NewTimer(l.wait)
	defer t.Stop()
	select {
	case l.slots <- struct{}{}:
		return nil
	case <-t.C:
		return &busyError{inFlight: cap(l.slots)}
	case <-ctx.Done():
		return ctx.Err()
	}
}
