// Package metrics holds the plain types connectors and the runtime use to
// report what a running job does: counters a connector exposes, and the
// snapshot the runtime publishes for the HTTP server (Prometheus /metrics,
// /healthz, /readyz and the dashboard).
//
// It is a leaf package on purpose: connectors implement its small
// interfaces without importing Prometheus or the runtime. Values are read by
// the HTTP goroutine while the job runs, so every method here must be safe
// for concurrent use and cheap (no network round trips).
package metrics

import "time"

// SourceStats are a source connector's own counters, cumulative since the
// source was created.
type SourceStats struct {
	// RecordsRead counts records fetched from the external system,
	// including those skipped or failing to decode.
	RecordsRead int64 `json:"records_read"`
	// BytesRead counts key and value bytes of RecordsRead.
	BytesRead int64 `json:"bytes_read"`
	// Skipped counts records that produced no row: tombstones, null keys
	// with a key format, and records a format drops ('json.ignore-parse-errors').
	Skipped int64 `json:"skipped"`
	// DecodeErrors counts records whose key or value could not be decoded.
	DecodeErrors int64 `json:"decode_errors"`
	// Partitions are the assigned partitions with their lag, when known.
	Partitions []PartitionStats `json:"partitions"`
}

// PartitionStats is one assigned partition of a source.
type PartitionStats struct {
	Topic     string `json:"topic"`
	Partition int32  `json:"partition"`
	// Position is the offset of the next record the job will read; -1 when
	// nothing is known yet.
	Position int64 `json:"position"`
	// HighWatermark is the partition's end offset as last seen by the
	// consumer; -1 when no fetch response has arrived yet.
	HighWatermark int64 `json:"high_watermark"`
}

// Lag is HighWatermark - Position, or -1 when either is unknown.
func (p PartitionStats) Lag() int64 {
	if p.Position < 0 || p.HighWatermark < 0 {
		return -1
	}
	return max(p.HighWatermark-p.Position, 0)
}

// SourceReporter is implemented by sources that keep their own counters.
type SourceReporter interface {
	SourceStats() SourceStats
}

// SinkStats are a sink connector's own counters, cumulative since the sink
// was created.
type SinkStats struct {
	// Delivered counts records acknowledged by the external system, for
	// sinks that learn about it asynchronously (Kafka, DynamoDB).
	Delivered int64 `json:"delivered"`
	// Errors counts failed deliveries and client errors.
	Errors int64 `json:"errors"`
	// Retries counts retried requests (DynamoDB: throttled or partly
	// unprocessed batches); RetriedItems the items they carried.
	Retries      int64 `json:"retries"`
	RetriedItems int64 `json:"retried_items"`
	// Merged counts rows superseded within a write batch by a later row of
	// the same key (DynamoDB: one item key), so not delivered themselves.
	Merged int64 `json:"merged"`
}

// SinkReporter is implemented by sinks that keep their own counters.
type SinkReporter interface {
	SinkStats() SinkStats
}

// ReadinessReporter is implemented by connectors that know whether they
// can do their work yet: a Kafka source once its partitions are assigned.
// Ready returns nil when ready, else why not (shown in /readyz).
type ReadinessReporter interface {
	Ready() error
}

// Snapshot is the state of a running job at one moment, as the runtime
// publishes it for the HTTP server.
type Snapshot struct {
	Job       string    `json:"job"`
	Started   time.Time `json:"started"`
	Now       time.Time `json:"now"`
	State     string    `json:"state"` // "starting", "running", "stopping", "finished", "failed"
	Error     string    `json:"error,omitempty"`
	Heartbeat time.Time `json:"heartbeat"` // the job loop's last turn
	// CheckpointInterval is the configured interval; zero for jobs that are
	// not checkpointed (bounded sources).
	CheckpointInterval time.Duration `json:"checkpoint_interval_ns"`
	Checkpointing      bool          `json:"checkpointing"`

	Operators   []Operator      `json:"operators"`
	Edges       []Edge          `json:"edges"`
	Sources     []Source        `json:"sources"`
	Sinks       []Sink          `json:"sinks"`
	Joins       []Join          `json:"joins"`
	Checkpoints CheckpointStats `json:"checkpoints"`
}

// Operator is one node of the running graph.
type Operator struct {
	ID        int    `json:"id"`
	Name      string `json:"name"`       // "source transactions", "Join", "Calc", "sink flagged"
	Kind      string `json:"kind"`       // source, filter, calc, join, sink
	Describe  string `json:"describe"`   // the EXPLAIN line
	RecordsIn int64  `json:"records_in"` // rows that reached the operator
	// RecordsOut counts the rows it emitted downstream; for a sink, the
	// records it wrote to the external system (acknowledged ones, for
	// connectors that learn of it: Kafka, DynamoDB).
	RecordsOut int64 `json:"records_out"`
}

// Edge connects operator From's output to input Port of operator To.
type Edge struct {
	From int `json:"from"`
	To   int `json:"to"`
	Port int `json:"port"`
}

// Source is a source table with its connector's counters.
type Source struct {
	Table     string      `json:"table"`
	Connector string      `json:"connector"`
	Operator  int         `json:"operator"`
	Records   int64       `json:"records"` // rows emitted into the job
	Stats     SourceStats `json:"stats"`
	HasStats  bool        `json:"has_stats"`
	Ready     string      `json:"not_ready,omitempty"` // why it is not ready; empty when ready
}

// Sink is a sink table with its connector's counters and latest rows.
type Sink struct {
	Table     string    `json:"table"`
	Connector string    `json:"connector"`
	Operator  int       `json:"operator"`
	Records   int64     `json:"records"` // rows written into the sink
	Stats     SinkStats `json:"stats"`
	HasStats  bool      `json:"has_stats"`
	// Recent are the last rows written, oldest first, as Flink's print
	// sink renders them ("+I[1, abc]").
	Recent []string `json:"recent"`
	Ready  string   `json:"not_ready,omitempty"`
}

// Join is a running join's state size.
type Join struct {
	Operator  int    `json:"operator"`
	StateID   string `json:"state_id"`
	LeftRows  int64  `json:"left_rows"`
	RightRows int64  `json:"right_rows"`
	// ApproxBytes estimates the state's size: rows now times the bytes per
	// row of the last checkpoint's serialized state; -1 before the first
	// checkpoint.
	ApproxBytes int64 `json:"approx_bytes"`
}

// CheckpointStats summarises checkpoints since the process started.
type CheckpointStats struct {
	Completed int64        `json:"completed"`
	Failed    int64        `json:"failed"`
	Recent    []Checkpoint `json:"recent"` // newest first
	// LastFailure is the newest failure's message.
	LastFailure string `json:"last_failure,omitempty"`
	// Restore lists what the start did with each operator's state.
	Restore []RestoreDecision `json:"restore,omitempty"`
}

// RestoreDecision is what a start did with one operator's checkpointed
// state (a join's, or an exactly-once sink's committed checkpoint).
type RestoreDecision struct {
	StateID  string `json:"state_id"`
	Operator string `json:"operator"` // the plan description
	// Decision is restored, restored-filtered, failed, started-empty,
	// rebuilding, rebuilt, dropped or reprocessing.
	Decision   string `json:"decision"`
	Detail     string `json:"detail,omitempty"`
	Checkpoint uint64 `json:"checkpoint,omitempty"`
}

// Checkpoint is one completed checkpoint.
type Checkpoint struct {
	ID       uint64        `json:"id"`
	Time     time.Time     `json:"time"` // completion
	Duration time.Duration `json:"duration_ns"`
	Bytes    int64         `json:"bytes"`
}
