// Package bench measures Sluice against the limits of the machine it runs
// on (issue 6): the end-to-end job on a Kafka-protocol broker next to a raw
// librdkafka copy of the same records, the operator core without I/O, the
// memory of the join state, and latencies. `make bench` runs
// cmd/sluicebench, which prints one table; the Go benchmarks of this package
// and of the format and operator packages print benchstat-friendly lines.
//
// The workload is the seed's: processor.sql (transactions joined with
// flagged accounts) over the records txgen generates for a fixed seed, read
// in a bounded run ('scan.bounded.mode' = 'latest-offset').
package bench

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/sluice-sql/sluice/txgen"
)

// Seed is the txgen seed of every benchmark workload: the same records on
// every run, so runs compare.
const Seed = 42

// Topics names the topics of one run; the properties point processor.sql at them.
type Topics struct {
	Transactions, Flags, Output string
}

// Properties returns application_properties.json for processor.sql with the
// given broker and topics. The print sink becomes a blackhole: 500K lines to
// stdout would measure the terminal, not the engine.
func Properties(bootstrap string, t Topics) ([]byte, error) {
	type group struct {
		PropertyGroupId string
		PropertyMap     map[string]string
	}
	groups := []group{
		{"consumer.config.0", map[string]string{"table.name": "flagged_accounts", "topic.name": t.Flags,
			"bootstrap.servers": bootstrap, "startup.mode": "earliest-offset"}},
		{"consumer.config.1", map[string]string{"table.name": "transactions", "topic.name": t.Transactions,
			"bootstrap.servers": bootstrap, "startup.mode": "earliest-offset"}},
		{"producer.config.0", map[string]string{"table.name": "flagged_transactions", "topic.name": t.Output,
			"bootstrap.servers": bootstrap}},
		{"producer.config.1", map[string]string{"table.name": "sink_print", "connector": "blackhole"}},
	}
	return json.MarshalIndent(groups, "", "  ")
}

// BoundedSQL returns the seed's processor.sql with 'scan.bounded.mode' =
// 'latest-offset' added to both Kafka sources, so that the job reads what
// the topics hold when it starts and exits. Everything else is the seed's.
func BoundedSQL(seed string) (string, error) {
	out := seed
	for _, n := range []string{"0", "1"} {
		opt := "'scan.startup.mode' = '${consumer.config." + n + ".startup.mode}'"
		if strings.Count(out, opt) != 1 {
			return "", fmt.Errorf("processor.sql: expected exactly one %s to add the bounded mode after", opt)
		}
		out = strings.Replace(out, opt, opt+",\n    'scan.bounded.mode' = 'latest-offset'", 1)
	}
	return out, nil
}

// FindRepo returns the repository root: dir if given, else the first
// directory upwards from the working directory holding processor.sql and go.mod.
func FindRepo(dir string) (string, error) {
	if dir != "" {
		return filepath.Abs(dir)
	}
	wd, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for d := wd; ; d = filepath.Dir(d) {
		if fileExists(filepath.Join(d, "processor.sql")) && fileExists(filepath.Join(d, "go.mod")) {
			return d, nil
		}
		if filepath.Dir(d) == d {
			return "", fmt.Errorf("no repository root (processor.sql and go.mod) above %s; pass -repo", wd)
		}
	}
}

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

// JobFiles writes the bounded (or, with bounded false, the unchanged) seed
// SQL and its properties into dir and returns their paths.
func JobFiles(repo, dir, bootstrap string, t Topics, bounded bool) (sqlPath, propsPath string, err error) {
	seed, err := os.ReadFile(filepath.Join(repo, "processor.sql"))
	if err != nil {
		return "", "", err
	}
	text := string(seed)
	if bounded {
		if text, err = BoundedSQL(text); err != nil {
			return "", "", err
		}
	}
	// SLUICEBENCH_SOURCE_OPTIONS (e.g. "'properties.fetch.min.bytes' = '1'")
	// adds options to both Kafka sources: for trying client settings
	// without editing the seed.
	if extra := os.Getenv("SLUICEBENCH_SOURCE_OPTIONS"); extra != "" {
		for _, n := range []string{"0", "1"} {
			opt := "'scan.startup.mode' = '${consumer.config." + n + ".startup.mode}'"
			text = strings.Replace(text, opt, opt+",\n    "+extra, 1)
		}
	}
	// SLUICEBENCH_SINK_OPTIONS (e.g. "'properties.linger.ms' = '0'") adds
	// options to the Kafka sink.
	if extra := os.Getenv("SLUICEBENCH_SINK_OPTIONS"); extra != "" {
		opt := "'topic' = '${producer.config.0.topic.name}'"
		if strings.Count(text, opt) != 1 {
			return "", "", fmt.Errorf("processor.sql: expected exactly one %s to add SLUICEBENCH_SINK_OPTIONS after", opt)
		}
		text = strings.Replace(text, opt, opt+",\n    "+extra, 1)
	}
	props, err := Properties(bootstrap, t)
	if err != nil {
		return "", "", err
	}
	sqlPath, propsPath = filepath.Join(dir, "processor.sql"), filepath.Join(dir, "application_properties.json")
	if err := os.WriteFile(sqlPath, []byte(text), 0o644); err != nil {
		return "", "", err
	}
	if err := os.WriteFile(propsPath, props, 0o644); err != nil {
		return "", "", err
	}
	return sqlPath, propsPath, nil
}

// Workload is the records of a run: the flagged accounts and n transactions
// of Seed, as txgen sends them.
type Workload struct {
	Flags        []txgen.Account
	Transactions int
	// Matches is how many rows the seed job writes: every transaction of a
	// flagged account (the deterministic clock starts transactions a minute
	// after the flags, so the residual predicate always holds).
	Matches int
}

// NewWorkload computes the workload of n transactions.
func NewWorkload(n int) Workload {
	w := Workload{Flags: txgen.DeterministicAccounts(Seed), Transactions: n}
	g := txgen.NewTransactions(Seed)
	for range n {
		if txgen.IsFlagged(g.Next().AccountID) {
			w.Matches++
		}
	}
	return w
}

// Events is the number of input records: transactions plus flags.
func (w Workload) Events() int { return w.Transactions + len(w.Flags) }
