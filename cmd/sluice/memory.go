package main

import (
	"os"
	"runtime/debug"
	"strconv"
	"strings"
)

// defaultGCPercent replaces Go's GOGC=100 for `sluice run` when GOGC is not
// set. Most of a running job's heap is long-lived join state; with GOGC=100
// the heap grows to twice the live data between collections, so a job with
// 1M stored transactions (~130 MB live) peaked at ~250 MB of Go heap and
// 351 MB RSS. At 50 the peak RSS was 294 MB at the same throughput
// (sluicebench, kfake, 1M transactions: sluice/copy 0.95 vs 0.96); the GC
// runs twice as often, ~5 % of the CPU instead of ~2.5 % in gctrace.
const defaultGCPercent = 50

// memoryLimitShare is the part of the container's memory limit (cgroup v2
// memory.max) given to Go as a soft limit (GOMEMLIMIT) when GOMEMLIMIT is not
// set: the rest is librdkafka's buffers (C heap, ~60-100 MB here), stacks
// and the page cache of the checkpoint files. Near the limit the GC runs
// more often instead of the container being killed.
const memoryLimitShare = 0.75

// memoryDefaults returns the GC percent and soft memory limit `sluice run`
// sets; 0 leaves Go's own value (the user's GOGC/GOMEMLIMIT always win).
// cgroupMax is the content of the cgroup's memory.max ("" when none).
func memoryDefaults(getenv func(string) string, cgroupMax string) (gcPercent int, limit int64) {
	if getenv("GOGC") == "" {
		gcPercent = defaultGCPercent
	}
	if getenv("GOMEMLIMIT") == "" {
		if n, err := strconv.ParseInt(strings.TrimSpace(cgroupMax), 10, 64); err == nil && n > 0 {
			limit = int64(float64(n) * memoryLimitShare)
		}
	}
	return gcPercent, limit
}

// applyMemoryDefaults sets memoryDefaults for this process.
func applyMemoryDefaults() {
	cg, _ := os.ReadFile("/sys/fs/cgroup/memory.max") // "max" or absent: no limit
	gc, limit := memoryDefaults(os.Getenv, string(cg))
	if gc > 0 {
		debug.SetGCPercent(gc)
	}
	if limit > 0 {
		debug.SetMemoryLimit(limit)
	}
}
