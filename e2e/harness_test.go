// Package e2e runs the built sluice binary against a real Kafka-protocol
// broker (the embedded kfake broker over TCP) and checks the exact output
// multisets against expectations computed here, independently of the engine.
package e2e

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/confluentinc/confluent-kafka-go/v2/kafka"

	"github.com/sluice-sql/sluice/devbroker"
	"github.com/sluice-sql/sluice/internal/kafkalog"
	"github.com/sluice-sql/sluice/internal/syncbuf"
)

// binary is the sluice binary built once for the package.
var binary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "sluice-e2e-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	binary = filepath.Join(dir, "sluice")
	build := exec.Command("go", "build", "-o", binary, "./cmd/sluice")
	build.Dir = ".."
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "building sluice:", err)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// startBroker starts an embedded broker with the given topics (2 partitions each).
func startBroker(t *testing.T, topics ...string) *devbroker.Broker {
	t.Helper()
	m := map[string]int32{}
	for _, tp := range topics {
		m[tp] = 2
	}
	b, err := devbroker.Start(context.Background(), devbroker.Config{Topics: m})
	if err != nil {
		t.Fatalf("starting the embedded broker: %v", err)
	}
	t.Cleanup(b.Close)
	return b
}

type record struct{ key, value []byte }

// produce writes records to a topic, partitioned by key, and waits for delivery.
func produce(t *testing.T, addr, topic string, recs []record) {
	t.Helper()
	// message.max.bytes: large enough for the large-record tests (the broker keeps its own limit).
	p, err := kafka.NewProducer(kafkalog.ForTest(t, kafka.ConfigMap{"bootstrap.servers": addr, "linger.ms": 5, "partitioner": "murmur2_random",
		"message.max.bytes": 16 << 20}))
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	done := make(chan kafka.Event, len(recs))
	for _, r := range recs {
		msg := &kafka.Message{TopicPartition: kafka.TopicPartition{Topic: &topic, Partition: kafka.PartitionAny}, Key: r.key, Value: r.value}
		for {
			err := p.Produce(msg, done)
			if err == nil {
				break
			}
			if err.(kafka.Error).Code() != kafka.ErrQueueFull {
				t.Fatal(err)
			}
			p.Flush(100)
		}
	}
	for range recs {
		ev := <-done
		if m, ok := ev.(*kafka.Message); ok && m.TopicPartition.Error != nil {
			t.Fatalf("delivery to %s: %v", topic, m.TopicPartition.Error)
		}
	}
}

// consumeAll reads a topic from the beginning to its current end.
func consumeAll(t *testing.T, addr, topic string) []record {
	t.Helper()
	c, err := kafka.NewConsumer(kafkalog.ForTest(t, kafka.ConfigMap{"bootstrap.servers": addr, "group.id": "e2e-reader", "enable.auto.commit": false}))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	md, err := c.GetMetadata(&topic, false, 10000)
	if err != nil {
		t.Fatal(err)
	}
	var out []record
	for _, p := range md.Topics[topic].Partitions {
		_, high, err := c.QueryWatermarkOffsets(topic, p.ID, 10000)
		if err != nil {
			t.Fatal(err)
		}
		if high == 0 {
			continue
		}
		if err := c.Assign([]kafka.TopicPartition{{Topic: &topic, Partition: p.ID, Offset: kafka.OffsetBeginning}}); err != nil {
			t.Fatal(err)
		}
		deadline := time.Now().Add(30 * time.Second)
		for read := int64(0); read < high; {
			if time.Now().After(deadline) {
				t.Fatalf("reading %s[%d]: timed out after %d of %d records", topic, p.ID, read, high)
			}
			m, err := c.ReadMessage(time.Second)
			if err != nil {
				continue
			}
			read = int64(m.TopicPartition.Offset) + 1
			out = append(out, record{key: m.Key, value: m.Value})
		}
	}
	return out
}

// committed returns the sum of a group's committed offsets on a topic (-1 counts as 0).
func committed(t *testing.T, addr, group, topic string) int64 {
	t.Helper()
	c, err := kafka.NewConsumer(kafkalog.ForTest(t, kafka.ConfigMap{"bootstrap.servers": addr, "group.id": group}))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	parts := []kafka.TopicPartition{{Topic: &topic, Partition: 0}, {Topic: &topic, Partition: 1}}
	got, err := c.Committed(parts, 5000)
	if err != nil {
		return 0
	}
	var sum int64
	for _, p := range got {
		if p.Offset >= 0 {
			sum += int64(p.Offset)
		}
	}
	return sum
}

// process is a running sluice binary.
type process struct {
	cmd            *exec.Cmd
	stdout, stderr *syncbuf.Buffer
	done           chan error
}

// start runs the binary with args in dir, with extra environment variables.
func start(t *testing.T, dir string, env []string, args ...string) *process {
	t.Helper()
	return startProgram(t, dir, env, binary, args...)
}

// startProgram is start for another program, e.g. a wrapper (prlimit) that
// runs the binary.
func startProgram(t *testing.T, dir string, env []string, program string, args ...string) *process {
	t.Helper()
	cmd := exec.Command(program, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	p := &process{cmd: cmd, stdout: &syncbuf.Buffer{}, stderr: &syncbuf.Buffer{}, done: make(chan error, 1)}
	cmd.Stdout, cmd.Stderr = p.stdout, p.stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { p.done <- cmd.Wait() }()
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		<-p.done
		if t.Failed() {
			t.Logf("sluice stderr:\n%s", p.stderr.String())
		}
	})
	return p
}

// wait waits for the process to exit and returns its exit code.
func (p *process) wait(t *testing.T, timeout time.Duration) int {
	t.Helper()
	select {
	case err := <-p.done:
		p.done <- err // for the cleanup
		if err == nil {
			return 0
		}
		if ee, ok := err.(*exec.ExitError); ok {
			return ee.ExitCode()
		}
		t.Fatal(err)
	case <-time.After(timeout):
		t.Fatalf("sluice did not exit within %v; stderr:\n%s", timeout, p.stderr.String())
	}
	return -1
}

// lines returns the non-empty lines of s, sorted (a multiset).
func lines(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l != "" {
			out = append(out, l)
		}
	}
	sort.Strings(out)
	return out
}

// diffMultisets describes how got differs from want (both sorted).
func diffMultisets(got, want []string) string {
	count := map[string]int{}
	for _, w := range want {
		count[w]++
	}
	for _, g := range got {
		count[g]--
	}
	var b strings.Builder
	n := 0
	for k, c := range count {
		if c == 0 {
			continue
		}
		if n++; n > 10 {
			b.WriteString("…\n")
			break
		}
		if c > 0 {
			fmt.Fprintf(&b, "missing %d× %s\n", c, k)
		} else {
			fmt.Fprintf(&b, "unexpected %d× %s\n", -c, k)
		}
	}
	return b.String()
}

// writeFile writes a file under dir and returns its path.
func writeFile(t *testing.T, dir, name, content string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}
