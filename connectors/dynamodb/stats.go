package dynamodb

import (
	"errors"

	"github.com/sluice-sql/sluice/engine/metrics"
)

var (
	_ metrics.SinkReporter      = (*sink)(nil)
	_ metrics.ReadinessReporter = (*sink)(nil)
)

// SinkStats implements metrics.SinkReporter. The counters are kept under
// the sink's lock, which is taken once per batch, not per row.
func (s *sink) SinkStats() metrics.SinkStats {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := metrics.SinkStats{Delivered: s.completed, Retries: s.retries, RetriedItems: s.retriedItems, Merged: s.merged}
	if s.err != nil {
		st.Errors = 1 // the first fatal error stops the sink; there is no second
	}
	return st
}

// Ready implements metrics.ReadinessReporter: the sink is ready until a
// non-retryable failure or Close. Throttling and unprocessed items are
// retried and show in the retry counters; they are no reason to take the
// job out of service.
func (s *sink) Ready() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.err != nil {
		return s.err
	}
	if s.closed {
		return errors.New("closed")
	}
	return nil
}
