package web

import (
	"strconv"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/sluice-sql/sluice/engine/metrics"
	"github.com/sluice-sql/sluice/engine/runtime"
)

// collector exposes an Observer's snapshot as Prometheus metrics. The job
// keeps its own counters (atomics updated per batch); the collector turns
// them into constant metrics at scrape time, so the hot path never touches
// a Prometheus vector.
type collector struct {
	obs  *runtime.Observer
	logs *LogRing

	up, ready, started, heartbeat                          *prometheus.Desc
	opIn, opOut                                            *prometheus.Desc
	srcRecords, srcRead, srcBytes, srcSkipped, srcDecode   *prometheus.Desc
	lag, position, highWatermark                           *prometheus.Desc
	sinkRecords, sinkDelivered, sinkErrors, sinkRetries    *prometheus.Desc
	sinkRetriedItems, sinkMerged                           *prometheus.Desc
	joinRows, joinBytes                                    *prometheus.Desc
	cpTotal, cpDuration, cpSize, cpLastID, cpLastCompleted *prometheus.Desc
	logMessages                                            *prometheus.Desc
}

func newCollector(obs *runtime.Observer, logs *LogRing) *collector {
	d := func(name, help string, labels ...string) *prometheus.Desc {
		return prometheus.NewDesc("sluice_"+name, help, append([]string{"job"}, labels...), nil)
	}
	op := []string{"operator_id", "operator", "kind"}
	return &collector{obs: obs, logs: logs,
		up:        d("job_up", "1 while the job runs (state running or stopping), else 0.", "state"),
		ready:     d("job_ready", "1 when /readyz answers 200: running, sources assigned, sinks reachable."),
		started:   d("job_start_time_seconds", "When the job process started, Unix seconds."),
		heartbeat: d("job_heartbeat_timestamp_seconds", "The job loop's last turn, Unix seconds; /healthz fails when it is too old."),

		opIn:  d("operator_records_in_total", "Rows that reached an operator.", op...),
		opOut: d("operator_records_out_total", "Rows an operator emitted downstream; for a sink, records written to the external system (acknowledged, for Kafka and DynamoDB).", op...),

		srcRecords: d("source_records_total", "Rows a source table emitted into the job.", "table", "connector"),
		srcRead:    d("source_records_read_total", "Records the source connector fetched, including skipped and undecodable ones.", "table", "connector"),
		srcBytes:   d("source_bytes_read_total", "Key and value bytes of the records fetched.", "table", "connector"),
		srcSkipped: d("source_records_skipped_total", "Records that made no row: tombstones, null keys, records a format drops (ignore-parse-errors).", "table", "connector"),
		srcDecode:  d("source_decode_errors_total", "Records whose key or value could not be decoded.", "table", "connector"),

		lag:           d("source_partition_lag_records", "Consumer lag: the partition's high watermark minus the job's position.", "table", "topic", "partition"),
		position:      d("source_partition_position", "The offset of the next record the job reads.", "table", "topic", "partition"),
		highWatermark: d("source_partition_high_watermark", "The partition's end offset as last fetched.", "table", "topic", "partition"),

		sinkRecords:      d("sink_records_total", "Rows written into a sink table.", "table", "connector"),
		sinkDelivered:    d("sink_records_delivered_total", "Records the external system acknowledged (Kafka, DynamoDB).", "table", "connector"),
		sinkErrors:       d("sink_errors_total", "Failed deliveries and fatal sink errors.", "table", "connector"),
		sinkRetries:      d("sink_retries_total", "Retried write requests (DynamoDB throttling and unprocessed items).", "table", "connector"),
		sinkRetriedItems: d("sink_retried_items_total", "Items carried by retried write requests.", "table", "connector"),
		sinkMerged:       d("sink_merged_rows_total", "Rows superseded within a write batch by a later row of the same key (DynamoDB: one item key); the later row is delivered.", "table", "connector"),

		joinRows:  d("join_state_rows", "Rows held in a join's state, per input side.", "operator_id", "state_id", "side"),
		joinBytes: d("join_state_bytes", "Approximate size of a join's state: rows now times the serialized bytes per row of the last checkpoint.", "operator_id", "state_id"),

		cpTotal:         d("checkpoints_total", "Checkpoints by result since the process started.", "result"),
		cpDuration:      d("checkpoint_last_duration_seconds", "Duration of the last completed checkpoint, sink flush included."),
		cpSize:          d("checkpoint_last_size_bytes", "Size of the last completed checkpoint."),
		cpLastID:        d("checkpoint_last_id", "Id of the last completed checkpoint."),
		cpLastCompleted: d("checkpoint_last_completed_timestamp_seconds", "When the last checkpoint completed, Unix seconds (age = time() - this)."),

		logMessages: d("log_messages_total", "Warnings and errors logged, by level.", "level"),
	}
}

// Describe implements prometheus.Collector.
func (c *collector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{c.up, c.ready, c.started, c.heartbeat, c.opIn, c.opOut,
		c.srcRecords, c.srcRead, c.srcBytes, c.srcSkipped, c.srcDecode, c.lag, c.position, c.highWatermark,
		c.sinkRecords, c.sinkDelivered, c.sinkErrors, c.sinkRetries, c.sinkRetriedItems, c.sinkMerged,
		c.joinRows, c.joinBytes, c.cpTotal, c.cpDuration, c.cpSize, c.cpLastID, c.cpLastCompleted, c.logMessages} {
		ch <- d
	}
}

// Collect implements prometheus.Collector.
func (c *collector) Collect(ch chan<- prometheus.Metric) {
	s := c.obs.Snapshot()
	job := s.Job
	gauge := func(d *prometheus.Desc, v float64, labels ...string) {
		ch <- prometheus.MustNewConstMetric(d, prometheus.GaugeValue, v, append([]string{job}, labels...)...)
	}
	counter := func(d *prometheus.Desc, v int64, labels ...string) {
		ch <- prometheus.MustNewConstMetric(d, prometheus.CounterValue, float64(v), append([]string{job}, labels...)...)
	}
	up := 0.0
	if s.State == runtime.StateRunning || s.State == runtime.StateStopping {
		up = 1
	}
	gauge(c.up, up, s.State)
	ready := 0.0
	if len(c.obs.Ready()) == 0 {
		ready = 1
	}
	gauge(c.ready, ready)
	gauge(c.started, float64(s.Started.UnixNano())/1e9)
	gauge(c.heartbeat, float64(s.Heartbeat.UnixNano())/1e9)

	for _, o := range s.Operators {
		id := strconv.Itoa(o.ID)
		counter(c.opIn, o.RecordsIn, id, o.Name, o.Kind)
		counter(c.opOut, o.RecordsOut, id, o.Name, o.Kind)
	}
	for _, src := range s.Sources {
		counter(c.srcRecords, src.Records, src.Table, src.Connector)
		if !src.HasStats {
			continue
		}
		counter(c.srcRead, src.Stats.RecordsRead, src.Table, src.Connector)
		counter(c.srcBytes, src.Stats.BytesRead, src.Table, src.Connector)
		counter(c.srcSkipped, src.Stats.Skipped, src.Table, src.Connector)
		counter(c.srcDecode, src.Stats.DecodeErrors, src.Table, src.Connector)
		for _, p := range src.Stats.Partitions {
			part := strconv.Itoa(int(p.Partition))
			if p.Position >= 0 {
				gauge(c.position, float64(p.Position), src.Table, p.Topic, part)
			}
			if p.HighWatermark >= 0 {
				gauge(c.highWatermark, float64(p.HighWatermark), src.Table, p.Topic, part)
			}
			if lag := p.Lag(); lag >= 0 {
				gauge(c.lag, float64(lag), src.Table, p.Topic, part)
			}
		}
	}
	// Several INSERTs into one table run one sink each; a table's metrics
	// are their sum (a label set may be collected only once).
	type sinkKey struct{ table, connector string }
	sinks := map[sinkKey]*metrics.Sink{}
	var order []sinkKey
	for _, sk := range s.Sinks {
		k := sinkKey{sk.Table, sk.Connector}
		sum := sinks[k]
		if sum == nil {
			sum = &metrics.Sink{}
			sinks[k] = sum
			order = append(order, k)
		}
		sum.Records += sk.Records
		sum.HasStats = sum.HasStats || sk.HasStats
		sum.Stats.Delivered += sk.Stats.Delivered
		sum.Stats.Errors += sk.Stats.Errors
		sum.Stats.Retries += sk.Stats.Retries
		sum.Stats.RetriedItems += sk.Stats.RetriedItems
		sum.Stats.Merged += sk.Stats.Merged
	}
	for _, k := range order {
		sk := sinks[k]
		counter(c.sinkRecords, sk.Records, k.table, k.connector)
		if !sk.HasStats {
			continue
		}
		counter(c.sinkDelivered, sk.Stats.Delivered, k.table, k.connector)
		counter(c.sinkErrors, sk.Stats.Errors, k.table, k.connector)
		counter(c.sinkRetries, sk.Stats.Retries, k.table, k.connector)
		counter(c.sinkRetriedItems, sk.Stats.RetriedItems, k.table, k.connector)
		counter(c.sinkMerged, sk.Stats.Merged, k.table, k.connector)
	}
	for _, j := range s.Joins {
		id := strconv.Itoa(j.Operator)
		gauge(c.joinRows, float64(j.LeftRows), id, j.StateID, "left")
		gauge(c.joinRows, float64(j.RightRows), id, j.StateID, "right")
		if j.ApproxBytes >= 0 {
			gauge(c.joinBytes, float64(j.ApproxBytes), id, j.StateID)
		}
	}
	counter(c.cpTotal, s.Checkpoints.Completed, "completed")
	counter(c.cpTotal, s.Checkpoints.Failed, "failed")
	if len(s.Checkpoints.Recent) > 0 {
		last := s.Checkpoints.Recent[0]
		gauge(c.cpDuration, last.Duration.Seconds())
		gauge(c.cpSize, float64(last.Bytes))
		gauge(c.cpLastID, float64(last.ID))
		gauge(c.cpLastCompleted, float64(last.Time.UnixNano())/1e9)
	}
	for level, n := range c.logs.Counts() {
		counter(c.logMessages, n, level)
	}
}
