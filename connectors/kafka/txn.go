package kafka

// Exactly-once delivery: 'sink.delivery-guarantee' = 'exactly-once'.
//
// Flink's KafkaSink pre-commits one transaction per checkpoint and, after a
// crash, resumes and commits the transactions its restored state lists
// (reaching into the Java producer by reflection). librdkafka cannot resume
// another producer's transaction, so Sluice keeps the transaction open until
// the checkpoint is durable and records, inside the transaction itself,
// which checkpoint it completes:
//
//   - transactional.id is '<prefix>-0' (stable: one sink instance, Flink's
//     subtask 0). InitTransactions at start fences an earlier run of the job
//     and aborts whatever transaction it left open.
//   - The rows written between two checkpoints go into one transaction.
//   - Commit(N) adds to the transaction an offset commit for the consumer
//     group named like the transactional.id ('<prefix>-0'): partition 0 of
//     the sink's (first) topic, offset N, metadata "sluice checkpoint N"; then
//     it commits. The rows and the marker become visible atomically.
//   - LastCommitted reads that offset back: the newest checkpoint whose rows
//     are in Kafka. The runtime restores the newest checkpoint not beyond
//     it, so a crash between saving checkpoint N and committing its
//     transaction redoes N's rows from checkpoint N-1 instead of losing them.

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/confluentinc/confluent-kafka-go/v2/kafka"
	"go.uber.org/zap"

	"github.com/sluice-sql/sluice/connectors"
)

const (
	// defaultTransactionTimeout is transaction.timeout.ms unless
	// 'properties.transaction.timeout.ms' says otherwise. A transaction
	// stays open for a whole checkpoint interval, so librdkafka's 60 s
	// would abort it under intervals near a minute; Flink's 1 h is beyond
	// the broker's default transaction.max.timeout.ms (15 min), which
	// rejects it. 15 min is the largest value a default broker accepts.
	defaultTransactionTimeout = 15 * time.Minute
	// txnCallTimeout bounds one attempt of a transactional call; retriable
	// failures (broker unreachable, coordinator moving) are retried.
	txnCallTimeout = 30 * time.Second
	// markerMetadataPrefix starts the metadata of a checkpoint marker.
	markerMetadataPrefix = "sluice checkpoint "
	// markerNone is the marker written before any checkpoint is committed
	// (see LastCommitted).
	markerNone = "sluice: no checkpoint committed yet"
)

// txnState is the transactional part of an exactly-once sink. It is used
// from the job goroutine only (Write, Commit, LastCommitted, Close), except
// aborting, which readEvents reads.
type txnState struct {
	// id is the transactional.id and the marker's consumer group.
	id          string
	markerTopic string
	ready       bool // InitTransactions done
	open        bool // a transaction is begun
	// aborting is set while an abort purges the transaction's records:
	// their failed delivery reports are expected, not failures.
	aborting atomic.Bool
	// wedged is set when a transactional call never returned (see
	// errWedged): the producer cannot be used or even closed any more.
	wedged atomic.Bool
	// callTimeout and wedgeAfter are txnCallTimeout and wedgeGrace; tests
	// shorten them.
	callTimeout, wedgeAfter time.Duration
}

// wedgeGrace is how long past its own timeout a transactional call may run
// before the producer is given up as wedged.
const wedgeGrace = 10 * time.Second

// errWedged marks a librdkafka transactional call that did not return in
// time. librdkafka can block in rd_kafka_send_offsets_to_transaction (and
// other coordinator requests) past its timeout after the group coordinator
// was unreachable (librdkafka issues 5456 and 5511, seen here after a
// frozen broker came back). The job then fails: as a Flink job whose
// checkpoint commit fails, it restarts from the last committed checkpoint
// and neither loses nor duplicates a row.
var errWedged = errors.New("librdkafka did not return from a transactional call (a known librdkafka hang after the group coordinator was unreachable); " +
	"the job stops so that a restart resumes from the last committed checkpoint")

// TxnSink is the Kafka sink with 'sink.delivery-guarantee' =
// 'exactly-once': a Sink that is also a connectors.TwoPhaseCommitter.
type TxnSink struct {
	*Sink
}

var _ connectors.TwoPhaseCommitter = TxnSink{}

// transactionalID is the producer's transactional.id for a prefix.
func transactionalID(prefix string) string { return prefix + "-0" }

// txnConfig adds the transactional settings to a producer configuration.
func txnConfig(c *sinkConfig, cm kafka.ConfigMap) {
	// The connector's id wins over a 'properties.transactional.id', as in
	// Flink, which derives it from the prefix.
	cm["transactional.id"] = transactionalID(c.txnPrefix)
	cm["enable.idempotence"] = true
	if _, ok := cm["transaction.timeout.ms"]; !ok {
		cm["transaction.timeout.ms"] = int(defaultTransactionTimeout / time.Millisecond)
	}
}

// TransactionalID implements connectors.TwoPhaseCommitter.
func (s TxnSink) TransactionalID() string { return s.tx.id }

// ready runs InitTransactions once, retrying while the broker cannot be
// reached: a job started before its broker waits for it (with warnings)
// rather than failing.
func (s *Sink) txnReady(ctx context.Context) error {
	if s.tx.ready {
		return nil
	}
	err := s.retry(ctx, "initialising transactions", func(ctx context.Context) error {
		return s.producer.InitTransactions(ctx)
	})
	if err != nil {
		return s.txnError("initialising transactions", err)
	}
	s.tx.ready = true
	return nil
}

// txnBegin starts a transaction unless one is open.
func (s *Sink) txnBegin(ctx context.Context) error {
	if err := s.txnReady(ctx); err != nil {
		return err
	}
	if s.tx.open {
		return nil
	}
	if err := s.producer.BeginTransaction(); err != nil {
		return s.txnError("beginning a transaction", err)
	}
	s.tx.open = true
	return nil
}

// LastCommitted implements connectors.TwoPhaseCommitter: the checkpoint id
// of the marker committed with the last transaction. It first fences any
// earlier run (InitTransactions), so the marker read is final. A group
// without a marker gets the "none" marker (offset 0) committed: Kafka would
// create the group on the first transactional offset commit anyway, but the
// embedded broker drops such commits for a group it does not know.
//
// The marker is read with a consumer of the marker group that never joins
// it, not with an admin client: librdkafka 2.11's ListConsumerGroupOffsets
// crashes (NULL consumer group handle in rd_kafka_handle_OffsetFetch) when
// the coordinator answers "load in progress", as a freshly started Kafka
// does.
func (s TxnSink) LastCommitted(ctx context.Context) (uint64, bool, error) {
	if err := s.txnReady(ctx); err != nil {
		return 0, false, err
	}
	topic := s.tx.markerTopic
	where := fmt.Sprintf("the checkpoint marker (group '%s', topic %s partition 0)", s.tx.id, topic)
	logs := newLogForwarder(s.log)
	cm, origin := clientConfig(s.cfg.props, kafka.ConfigMap{
		"group.id": s.tx.id, "enable.auto.commit": false, "enable.auto.offset.store": false,
		// Offsets of a transaction still being completed are waited for
		// (KIP-447 require_stable).
		"isolation.level": "read_committed",
	}, map[string]bool{"transactional.id": true}, s.log)
	for k, v := range logs.config() {
		cm[k] = v
	}
	c, err := newClient(s.cfg.name, kafka.NewConsumer, cm, origin, s.log)
	if err != nil {
		logs.stop()
		return 0, false, s.txnError("reading "+where, err)
	}
	closed := false
	defer func() {
		if !closed {
			_ = c.Close()
			logs.stop()
		}
	}()
	var marker kafka.TopicPartition
	err = s.retry(ctx, "reading the last committed checkpoint", func(ctx context.Context) error {
		ms := int(txnCallTimeout / time.Millisecond)
		if d, ok := ctx.Deadline(); ok {
			ms = max(int(time.Until(d)/time.Millisecond), 1)
		}
		res, err := c.Committed([]kafka.TopicPartition{{Topic: &topic, Partition: 0}}, ms)
		var ke kafka.Error
		if errors.As(err, &ke) && ke.Code() == kafka.ErrGroupIDNotFound {
			marker = kafka.TopicPartition{Offset: kafka.OffsetInvalid}
			return nil
		}
		if err != nil {
			return err
		}
		if len(res) != 1 {
			return fmt.Errorf("unexpected answer %v", res)
		}
		marker = res[0]
		return marker.Error
	})
	if err != nil {
		return 0, false, s.txnError("reading "+where, err)
	}
	meta := ""
	if marker.Metadata != nil {
		meta = *marker.Metadata
	}
	if marker.Offset > 0 {
		if !strings.HasPrefix(meta, markerMetadataPrefix) {
			s.log.Warn("kafka sink: the checkpoint marker group has an offset Sluice did not write; is 'sink.transactional-id-prefix' shared with something else?",
				zap.String("group", s.tx.id), zap.Int64("offset", int64(marker.Offset)), zap.String("metadata", meta))
		}
		s.log.Info("kafka sink: last committed checkpoint", zap.String("transactional_id", s.tx.id), zap.Int64("checkpoint", int64(marker.Offset)))
		return uint64(marker.Offset), true, nil
	}
	if marker.Offset < 0 {
		none := markerNone
		done := make(chan error, 1)
		go func() {
			// librdkafka's synchronous commit takes no timeout; the
			// consumer is closed once it returns.
			_, err := c.CommitOffsets([]kafka.TopicPartition{{Topic: &topic, Partition: 0, Offset: 0, Metadata: &none}})
			_ = c.Close()
			logs.stop()
			done <- err
		}()
		closed = true
		select {
		case err = <-done:
		case <-ctx.Done():
			err = ctx.Err()
		}
		if err != nil {
			return 0, false, s.txnError("creating "+where, err)
		}
	}
	return 0, false, nil
}

// Commit implements connectors.TwoPhaseCommitter. Rows whose delivery
// failed, a failed marker or a failed commit abort the transaction and fail
// the job: the restart redoes them from the previous checkpoint.
func (s TxnSink) Commit(ctx context.Context, checkpointID uint64) error {
	if err := s.txnReady(ctx); err != nil {
		return err
	}
	if err := s.failure(); err != nil {
		return s.abortAfter(ctx, checkpointID, err)
	}
	if !s.tx.open {
		if checkpointID == 0 {
			return nil // nothing written, nothing to record
		}
		if err := s.txnBegin(ctx); err != nil {
			return err
		}
	}
	if checkpointID > 0 {
		meta := markerMetadataPrefix + strconv.FormatUint(checkpointID, 10)
		topic := s.tx.markerTopic
		// No consumer takes part: the group metadata carries the group id
		// only (librdkafka's rd_kafka_consumer_group_metadata_new, exposed
		// under this name), as the Java producer's
		// sendOffsetsToTransaction(offsets, groupId).
		group, err := kafka.NewTestConsumerGroupMetadata(s.tx.id)
		if err != nil {
			return fmt.Errorf("kafka sink '%s': checkpoint marker metadata: %w", s.cfg.name, err)
		}
		offsets := []kafka.TopicPartition{{Topic: &topic, Partition: 0, Offset: kafka.Offset(checkpointID), Metadata: &meta}}
		err = s.retry(ctx, "recording the checkpoint in the transaction", func(ctx context.Context) error {
			return s.producer.SendOffsetsToTransaction(ctx, offsets, group)
		})
		if err != nil {
			return s.abortAfter(ctx, checkpointID, err)
		}
	}
	err := s.retry(ctx, "committing the transaction", func(ctx context.Context) error {
		return s.producer.CommitTransaction(ctx)
	})
	if err != nil {
		return s.abortAfter(ctx, checkpointID, err)
	}
	s.tx.open = false
	s.log.Debug("kafka sink: transaction committed", zap.String("transactional_id", s.tx.id), zap.Uint64("checkpoint", checkpointID))
	return nil
}

// abortAfter aborts the open transaction after cause and returns the error
// that fails the job.
func (s *Sink) abortAfter(ctx context.Context, checkpointID uint64, cause error) error {
	what := "committing the transaction"
	if checkpointID > 0 {
		what = fmt.Sprintf("committing the transaction of checkpoint %d", checkpointID)
	}
	var ke kafka.Error
	if s.tx.open && !(errors.As(cause, &ke) && ke.IsFatal()) {
		if err := s.abort(ctx); err != nil {
			s.log.Warn("kafka sink: aborting the failed transaction failed too; the next start aborts it", zap.Error(err))
		}
	}
	return fmt.Errorf("%w; its rows are not visible to read_committed consumers, and a restart redoes them from the previous checkpoint",
		s.txnError(what, cause))
}

// abort aborts the open transaction, discarding its records.
func (s *Sink) abort(ctx context.Context) error {
	s.tx.aborting.Store(true)
	defer s.tx.aborting.Store(false)
	err := s.retry(ctx, "aborting the transaction", func(ctx context.Context) error {
		return s.producer.AbortTransaction(ctx)
	})
	var ke kafka.Error
	if err == nil || (errors.As(err, &ke) && ke.IsFatal()) {
		// Aborted, or the producer is unusable (fenced): nothing is left
		// to abort from here; the next start aborts on the broker.
		s.tx.open = false
	}
	return err
}

// txnError wraps a transactional failure with what Sluice was doing, the
// transactional.id and the brokers, and a hint for the usual causes.
func (s *Sink) txnError(what string, err error) error {
	hint := ""
	var ke kafka.Error
	if errors.As(err, &ke) {
		switch ke.Code() {
		case kafka.ErrFenced, kafka.ErrProducerFenced, kafka.ErrInvalidProducerEpoch:
			hint = " (another producer with this transactional.id started: is the job, or another job with the same 'sink.transactional-id-prefix', running twice?)"
		case kafka.ErrInvalidTransactionTimeout:
			hint = " ('properties.transaction.timeout.ms' must not exceed the broker's transaction.max.timeout.ms)"
		case kafka.ErrUnknownTopicOrPart, kafka.ErrUnknownTopic:
			hint = fmt.Sprintf(" (does topic %s exist?)", s.tx.markerTopic)
		case kafka.ErrTransactionalIDAuthorizationFailed, kafka.ErrGroupAuthorizationFailed:
			hint = " (the principal needs WRITE and DESCRIBE on the transactional id and READ on the group of the same name)"
		}
	}
	return fmt.Errorf("kafka sink '%s': %s (transactional.id '%s', bootstrap.servers %s)%s: %w",
		s.cfg.name, what, s.tx.id, s.cfg.props["bootstrap.servers"], hint, err)
}

// retry runs op with a bounded time per attempt until it succeeds, fails
// for good or ctx ends. Retriable failures (broker unreachable, coordinator
// moving, timeouts) are logged at warn, rate limited, and retried with
// backoff: librdkafka lets every transactional call be retried after them.
func (s *Sink) retry(ctx context.Context, what string, op func(ctx context.Context) error) error {
	backoff := 250 * time.Millisecond
	for {
		err := s.boundedCall(ctx, what, op)
		if err == nil {
			return nil
		}
		if !retriable(err) {
			return err
		}
		if ctx.Err() != nil {
			return fmt.Errorf("%w (last error: %w)", ctx.Err(), err)
		}
		s.errs.warn("kafka sink: "+what+" failed; retrying", err,
			zap.String("bootstrap_servers", s.cfg.props["bootstrap.servers"]), zap.Duration("backoff", backoff))
		select {
		case <-ctx.Done():
			return fmt.Errorf("%w (last error: %w)", ctx.Err(), err)
		case <-time.After(backoff):
		}
		backoff = min(backoff*2, 10*time.Second)
	}
}

// boundedCall runs one attempt of a transactional call with txnCallTimeout,
// and gives the producer up as wedged if the call has not returned
// wedgeGrace after that: the goroutine stuck in librdkafka is left behind
// (it cannot be interrupted) and the job fails with errWedged.
func (s *Sink) boundedCall(ctx context.Context, what string, op func(ctx context.Context) error) error {
	if s.tx.wedged.Load() {
		return fmt.Errorf("kafka sink '%s': %s: %w", s.cfg.name, what, errWedged)
	}
	callTimeout, wedgeAfter := s.tx.callTimeout, s.tx.wedgeAfter
	if callTimeout <= 0 {
		callTimeout, wedgeAfter = txnCallTimeout, wedgeGrace
	}
	actx, cancel := context.WithTimeout(ctx, callTimeout)
	done := make(chan error, 1)
	go func() {
		defer cancel()
		done <- op(actx)
	}()
	timer := time.NewTimer(callTimeout + wedgeAfter)
	defer timer.Stop()
	select {
	case err := <-done:
		return err
	case <-timer.C:
		s.tx.wedged.Store(true)
		s.log.Error("kafka sink: the transactional producer is stuck inside librdkafka; failing the job",
			zap.String("call", what), zap.String("transactional_id", s.tx.id),
			zap.Duration("waited", callTimeout+wedgeAfter))
		return fmt.Errorf("kafka sink '%s': %s: %w", s.cfg.name, what, errWedged)
	}
}

// retriable reports whether a client error is worth another attempt.
func retriable(err error) bool {
	var ke kafka.Error
	if !errors.As(err, &ke) {
		return false
	}
	if ke.IsFatal() || ke.TxnRequiresAbort() {
		return false
	}
	if ke.IsRetriable() {
		return true
	}
	switch ke.Code() {
	case kafka.ErrTimedOut, kafka.ErrTransport, kafka.ErrAllBrokersDown, kafka.ErrCoordinatorNotAvailable,
		kafka.ErrNotCoordinator, kafka.ErrCoordinatorLoadInProgress, kafka.ErrConcurrentTransactions,
		kafka.ErrUnstableOffsetCommit, kafka.ErrRequestTimedOut, kafka.ErrNetworkException,
		kafka.ErrLeaderNotAvailable, kafka.ErrNotLeaderForPartition:
		return true
	}
	return false
}
