// Package devbroker runs an embedded Kafka-protocol broker (franz-go's kfake)
// for `sluice dev`, `make run` and tests: a single in-memory broker on
// 127.0.0.1 that librdkafka clients talk to over TCP like a real Kafka.
//
// It is not durable and not a production broker: records live in memory and
// disappear on Close.
package devbroker

import (
	"context"
	"errors"
	"fmt"
	"net"
	"sort"
	"sync"

	"github.com/twmb/franz-go/pkg/kfake"
	"github.com/twmb/franz-go/pkg/kmsg"
	"go.uber.org/zap"
)

// DefaultPartitions is the partition count of seeded and auto-created topics
// when the Config does not say: the seed's broker runs with
// KAFKA_CFG_NUM_PARTITIONS=2.
const DefaultPartitions = 2

// Config configures the broker.
type Config struct {
	// Port to listen on at 127.0.0.1; 0 picks a free port.
	Port int
	// Topics to create at start, with their partition counts (≤ 0 means
	// DefaultPartitions).
	Topics map[string]int32
	// AllowAutoCreate lets clients create topics by asking for their
	// metadata (Kafka's auto.create.topics.enable); the client must ask for
	// it too (librdkafka's allow.auto.create.topics, true for producers).
	AllowAutoCreate bool
	// DefaultPartitions is the partition count of auto-created topics;
	// 0 means DefaultPartitions.
	DefaultPartitions int32
	// Logger receives the broker's warnings and errors; nil discards them.
	Logger *zap.Logger
	// ClusterOptions are extra kfake options, e.g. SASL users or TLS for
	// tests of client authentication.
	ClusterOptions []kfake.Opt
}

// Broker is a running embedded broker.
type Broker struct {
	cluster *kfake.Cluster
	addr    string
	stop    chan struct{}
	done    chan struct{}
	once    sync.Once
}

// Start starts a broker. It stops when ctx is cancelled or Close is called.
func Start(ctx context.Context, cfg Config) (*Broker, error) {
	if cfg.Port < 0 || cfg.Port > 65535 {
		return nil, fmt.Errorf("devbroker: port %d out of range", cfg.Port)
	}
	defParts := cfg.DefaultPartitions
	if defParts <= 0 {
		defParts = DefaultPartitions
	}
	opts := []kfake.Opt{
		kfake.NumBrokers(1),
		kfake.Ports(cfg.Port),
		kfake.DefaultNumPartitions(int(defParts)),
		kfake.ClusterID("sluice-dev"),
		kfake.ListenFn(listenLoopback),
	}
	if cfg.AllowAutoCreate {
		opts = append(opts, kfake.AllowAutoTopicCreation())
	}
	if cfg.Logger != nil {
		opts = append(opts, kfake.WithLogger(zapLogger{cfg.Logger}))
	}
	opts = append(opts, cfg.ClusterOptions...)
	// Seed topics grouped by partition count, in a stable order.
	names := make([]string, 0, len(cfg.Topics))
	for t := range cfg.Topics {
		if t == "" {
			return nil, fmt.Errorf("devbroker: empty topic name")
		}
		names = append(names, t)
	}
	sort.Strings(names)
	for _, t := range names {
		p := cfg.Topics[t]
		if p <= 0 {
			p = defParts
		}
		opts = append(opts, kfake.SeedTopics(p, t))
	}
	c, err := kfake.NewCluster(opts...)
	if err != nil {
		return nil, fmt.Errorf("devbroker: starting broker on 127.0.0.1:%d: %w", cfg.Port, err)
	}
	addrs := c.ListenAddrs()
	if len(addrs) != 1 {
		c.Close()
		return nil, fmt.Errorf("devbroker: broker listens on %d addresses, want 1", len(addrs))
	}
	b := &Broker{cluster: c, addr: addrs[0], stop: make(chan struct{}), done: make(chan struct{})}
	fixUnknownGroupOffsetFetch(c)
	fixReinitAbortsTransaction(c)
	go func() {
		defer close(b.done)
		select {
		case <-ctx.Done():
		case <-b.stop:
		}
		c.Close()
	}()
	return b, nil
}

// Cluster returns the underlying kfake cluster, for tests that intercept
// requests (Cluster().ControlKey).
func (b *Broker) Cluster() *kfake.Cluster { return b.cluster }

// Addr returns the bootstrap address, "127.0.0.1:port".
func (b *Broker) Addr() string { return b.addr }

// Close stops the broker and waits until it is stopped. It may be called
// more than once.
func (b *Broker) Close() {
	b.once.Do(func() { close(b.stop) })
	<-b.done
}

// zapLogger forwards kfake's warnings and errors to zap; its info and debug
// lines log every request and are dropped.
type zapLogger struct{ l *zap.Logger }

func (z zapLogger) Logf(level kfake.LogLevel, format string, args ...any) {
	switch level {
	case kfake.LogLevelError:
		z.l.Error(fmt.Sprintf(format, args...))
	case kfake.LogLevelWarn:
		z.l.Warn(fmt.Sprintf(format, args...))
	}
}

// fixUnknownGroupOffsetFetch makes OffsetFetch for a group the broker has
// never seen answer "no committed offset" (-1) for every partition asked, as
// Kafka does, instead of kfake's GROUP_ID_NOT_FOUND. Kafka clients (and
// Flink's KafkaSource with 'group-offsets') read the committed offsets of a
// group before it has committed anything; librdkafka treats the error as a
// failure.
//
// Groups come into existence in kfake by joining or committing; those
// requests are observed (not handled) to learn which groups exist.
func fixUnknownGroupOffsetFetch(c *kfake.Cluster) {
	var mu sync.Mutex
	known := map[string]bool{}
	observe := func(group func(kmsg.Request) string) func(kmsg.Request) (kmsg.Response, error, bool) {
		return func(req kmsg.Request) (kmsg.Response, error, bool) {
			if g := group(req); g != "" {
				mu.Lock()
				known[g] = true
				mu.Unlock()
			}
			return nil, nil, false
		}
	}
	c.ControlKey(kmsg.OffsetCommit.Int16(), observe(func(r kmsg.Request) string { return r.(*kmsg.OffsetCommitRequest).Group }))
	c.ControlKey(kmsg.TxnOffsetCommit.Int16(), observe(func(r kmsg.Request) string { return r.(*kmsg.TxnOffsetCommitRequest).Group }))
	c.ControlKey(kmsg.JoinGroup.Int16(), observe(func(r kmsg.Request) string { return r.(*kmsg.JoinGroupRequest).Group }))
	c.ControlKey(kmsg.ConsumerGroupHeartbeat.Int16(), observe(func(r kmsg.Request) string { return r.(*kmsg.ConsumerGroupHeartbeatRequest).Group }))
	c.ControlKey(kmsg.OffsetFetch.Int16(), func(r kmsg.Request) (kmsg.Response, error, bool) {
		req := r.(*kmsg.OffsetFetchRequest)
		mu.Lock()
		defer mu.Unlock()
		resp := req.ResponseKind().(*kmsg.OffsetFetchResponse)
		if req.Version <= 7 {
			if known[req.Group] {
				return nil, nil, false
			}
			for _, t := range req.Topics {
				rt := kmsg.NewOffsetFetchResponseTopic()
				rt.Topic = t.Topic
				for _, p := range t.Partitions {
					rp := kmsg.NewOffsetFetchResponseTopicPartition()
					rp.Partition = p
					rp.Offset = -1
					rp.LeaderEpoch = -1
					rt.Partitions = append(rt.Partitions, rp)
				}
				resp.Topics = append(resp.Topics, rt)
			}
			c.KeepControl()
			return resp, nil, true
		}
		for _, g := range req.Groups {
			if known[g.Group] {
				return nil, nil, false // kfake answers requests naming a known group
			}
		}
		for _, g := range req.Groups {
			rg := kmsg.NewOffsetFetchResponseGroup()
			rg.Group = g.Group
			for _, t := range g.Topics {
				rt := kmsg.NewOffsetFetchResponseGroupTopic()
				rt.Topic = t.Topic
				for _, p := range t.Partitions {
					rp := kmsg.NewOffsetFetchResponseGroupTopicPartition()
					rp.Partition = p
					rp.Offset = -1
					rp.LeaderEpoch = -1
					rt.Partitions = append(rt.Partitions, rp)
				}
				rg.Topics = append(rg.Topics, rt)
			}
			resp.Groups = append(resp.Groups, rg)
		}
		c.KeepControl()
		return resp, nil, true
	})
}

// listenLoopback listens on the IPv4 address kfake asks for and, when the
// host has one, on the IPv6 loopback at the same port: clients given
// "localhost" may try ::1 first, and librdkafka logs a refused connection
// as an error. The broker advertises the IPv4 address.
func listenLoopback(network, address string) (net.Listener, error) {
	v4, err := net.Listen(network, address)
	if err != nil {
		return nil, err
	}
	port := v4.Addr().(*net.TCPAddr).Port
	v6, err := net.Listen("tcp6", fmt.Sprintf("[::1]:%d", port))
	if err != nil {
		return v4, nil // no IPv6 loopback (or the port is taken there): IPv4 only
	}
	d := &dualListener{v4: v4, v6: v6, conns: make(chan accepted), done: make(chan struct{})}
	d.wg.Add(2)
	go d.loop(v4, true)
	go d.loop(v6, false)
	return d, nil
}

type accepted struct {
	c   net.Conn
	err error
}

// dualListener accepts on two listeners as one.
type dualListener struct {
	v4, v6 net.Listener
	conns  chan accepted
	done   chan struct{}
	once   sync.Once
	wg     sync.WaitGroup
}

func (d *dualListener) loop(l net.Listener, primary bool) {
	defer d.wg.Done()
	for {
		c, err := l.Accept()
		if err != nil && !primary {
			return // the IPv6 side failing leaves the IPv4 side serving
		}
		select {
		case d.conns <- accepted{c, err}:
		case <-d.done:
			if c != nil {
				c.Close()
			}
			return
		}
		if err != nil {
			return
		}
	}
}

func (d *dualListener) Accept() (net.Conn, error) {
	select {
	case a := <-d.conns:
		return a.c, a.err
	case <-d.done:
		return nil, net.ErrClosed
	}
}

func (d *dualListener) Close() error {
	var err error
	d.once.Do(func() {
		close(d.done)
		err = errors.Join(d.v4.Close(), d.v6.Close())
		d.wg.Wait()
	})
	return err
}

func (d *dualListener) Addr() net.Addr { return d.v4.Addr() }
