package kafkalog

import (
	"bytes"
	"context"
	"net"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/confluentinc/confluent-kafka-go/v2/kafka"
)

// closedAddr is a loopback address nothing listens on: librdkafka logs
// "Connect to … failed: Connection refused" for it.
func closedAddr(t *testing.T) string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

// TestClientLogsGoToTheTest runs clients in a child test process and
// checks where librdkafka's connection errors went: into the test's log,
// none on stderr (where librdkafka writes "%3|…|FAIL|…" by itself).
func TestClientLogsGoToTheTest(t *testing.T) {
	if os.Getenv("KAFKALOG_CHILD") == "1" {
		childClients(t)
		return
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestClientLogsGoToTheTest$", "-test.v", "-test.count=1")
	cmd.Env = append(os.Environ(), "KAFKALOG_CHILD=1", "KAFKALOG_ADDR="+closedAddr(t))
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("child: %v\nstdout:\n%s\nstderr:\n%s", err, &stdout, &stderr)
	}
	if strings.Contains(stderr.String(), "|FAIL|") || strings.Contains(stderr.String(), "%3|") {
		t.Errorf("librdkafka wrote on stderr:\n%s", &stderr)
	}
	for _, client := range []string{"rdkafka#producer-", "rdkafka#consumer-"} {
		if !regexp.MustCompile(`(?m)WARN\tlibrdkafka: .*Connection refused.*` + client).MatchString(stdout.String()) {
			t.Errorf("no connection error of %s in the test's log:\n%s", client, &stdout)
		}
	}
}

// childClients makes a consumer and an admin client (on a producer) try a
// closed port for a second.
func childClients(t *testing.T) {
	addr := os.Getenv("KAFKALOG_ADDR")
	c, err := kafka.NewConsumer(ForTest(t, kafka.ConfigMap{"bootstrap.servers": addr, "group.id": "g"}))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	a, err := NewAdminForTest(t, kafka.ConfigMap{"bootstrap.servers": addr})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 1500*time.Millisecond)
	defer cancel()
	_, _ = a.ClusterID(ctx)
	_, _ = c.GetMetadata(nil, true, 500)
}
