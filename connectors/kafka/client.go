package kafka

import (
	"errors"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/confluentinc/confluent-kafka-go/v2/kafka"
	"go.uber.org/zap"

	"github.com/sluice-sql/sluice/connectors"
	"github.com/sluice-sql/sluice/internal/kafkalog"
	sqlpkg "github.com/sluice-sql/sluice/sql"
)

// javaOnly are Java Kafka client (and Flink KafkaSource) properties that
// librdkafka has no equivalent for. They are dropped with a debug log, as a
// Flink job carries them to its Java client; some (sasl.jaas.config,
// ssl.truststore.*) make librdkafka fail instead of being ignored.
var javaOnly = map[string]bool{
	"key.deserializer": true, "value.deserializer": true, "key.serializer": true, "value.serializer": true,
	"partitioner.class": true, "partitioner.ignore.keys": true, "partitioner.adaptive.partitioning.enable": true,
	"partitioner.availability.timeout.ms": true, "interceptor.classes": true, "metric.reporters": true,
	"metrics.num.samples": true, "metrics.sample.window.ms": true, "metrics.recording.level": true,
	"auto.include.jmx.reporter": true, "default.api.timeout.ms": true, "max.poll.records": true,
	"exclude.internal.topics": true, "max.block.ms": true, "partition.assignment.strategy": true,
	"metadata.max.idle.ms": true, "socket.connection.setup.timeout.max.ms": true,
	"internal.leave.group.on.close": true, "security.providers": true,
	"ssl.truststore.location": true, "ssl.truststore.password": true, "ssl.truststore.type": true,
	"ssl.truststore.certificates": true, "ssl.keystore.type": true, "ssl.keystore.certificate.chain": true,
	"ssl.keystore.key": true, "ssl.protocol": true, "ssl.enabled.protocols": true, "ssl.provider": true,
	"ssl.trustmanager.algorithm": true, "ssl.keymanager.algorithm": true,
	"ssl.secure.random.implementation": true, "ssl.engine.factory.class": true,
	// SASL through JAAS: sasl.jaas.config is translated by securityConfig (auth.go).
	"sasl.jaas.config": true, "sasl.login.callback.handler.class": true,
	"sasl.client.callback.handler.class": true, "sasl.login.class": true,
	"sasl.login.refresh.window.factor": true, "sasl.login.refresh.window.jitter": true,
	"sasl.login.refresh.min.period.seconds": true, "sasl.login.refresh.buffer.seconds": true,
	"sasl.kerberos.min.time.before.relogin": true, "sasl.kerberos.ticket.renew.window.factor": true,
	"sasl.kerberos.ticket.renew.jitter": true,
	// Flink KafkaSource properties handled by the connector itself.
	"partition.discovery.interval.ms": true, "register.consumer.metrics": true,
	"commit.offsets.on.checkpoint": true, "client.id.prefix": true,
	"flink.partition-discovery.interval-millis": true,
}

// clientConfig turns the 'properties.*' options into librdkafka
// configuration: Java names with a different librdkafka name are renamed,
// Java-only ones dropped, the rest passed through. The connector's own
// settings (base) win over the user's where the connector must control them.
func clientConfig(props map[string]string, base kafka.ConfigMap, skip map[string]bool, log *zap.Logger) (kafka.ConfigMap, map[string]string) {
	cm := kafka.ConfigMap{}
	// origin maps a librdkafka key back to the option it came from, for errors.
	origin := map[string]string{}
	keys := make([]string, 0, len(props))
	for k := range props {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	security, translated, sec := securityConfig(props)
	for _, k := range keys {
		v := props[k]
		if skip[k] || translated[k] {
			continue
		}
		if javaOnly[k] {
			log.Debug("kafka: dropping Java-only client property", zap.String("option", propertiesPrefix+k))
			continue
		}
		nk, nv := k, v
		switch k {
		case "max.request.size":
			nk = "message.max.bytes"
		case "fetch.max.wait.ms":
			nk = "fetch.wait.max.ms"
		case "receive.buffer.bytes", "send.buffer.bytes":
			// Java's -1 (OS default) is librdkafka's 0.
			nk = "socket." + k
			if strings.TrimSpace(v) == "-1" {
				nv = "0"
			}
		case "buffer.memory":
			nk = "queue.buffering.max.kbytes"
			if n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64); err == nil {
				nv = strconv.FormatInt(max(n/1024, 1), 10)
			}
		case "ssl.endpoint.identification.algorithm":
			if strings.TrimSpace(v) == "" {
				nv = "none" // Java's empty value disables hostname verification
			}
		}
		cm[nk] = nv
		origin[nk] = propertiesPrefix + k
	}
	// A librdkafka property the user set by its own name wins over the
	// translation of the Java one.
	for k, v := range security {
		if _, ok := cm[k]; !ok {
			cm[k] = v
		}
	}
	if sec != nil {
		cm[securityConfigKey] = sec
	}
	for k, v := range base {
		cm[k] = v
	}
	return cm, origin
}

// aliases maps librdkafka property names to the alias a Java client user
// writes, for error messages: librdkafka reports the canonical name.
var aliases = map[string]string{
	"queue.buffering.max.ms":   "linger.ms",
	"request.required.acks":    "acks",
	"message.send.max.retries": "retries",
	"message.timeout.ms":       "delivery.timeout.ms",
	"compression.codec":        "compression.type",
	"metadata.broker.list":     "bootstrap.servers",
	"sasl.mechanisms":          "sasl.mechanism",
	"fetch.message.max.bytes":  "max.partition.fetch.bytes",
}

var (
	noSuchProperty = regexp.MustCompile(`No such configuration property: "([^"]+)"`)
	badProperty    = regexp.MustCompile(`[Cc]onfiguration property "([^"]+)"`)
)

// newClient creates a librdkafka client from cm. A property librdkafka does
// not know that came from the user's 'properties.*' is dropped with a
// warning and the client created again, as the Java client ignores (and
// warns about) unknown properties; any other configuration error is an
// *connectors.OptionError naming the option.
//
// With Amazon MSK IAM authentication the client gets its first token before
// it is returned, and fresh ones until it is closed.
func newClient[T any](table string, create func(*kafka.ConfigMap) (T, error), cm kafka.ConfigMap, origin map[string]string, log *zap.Logger) (T, error) {
	var zero T
	sec, _ := cm[securityConfigKey].(*security)
	if sec != nil && sec.err != nil {
		var oe *connectors.OptionError
		if errors.As(sec.err, &oe) {
			return zero, &connectors.OptionError{Message: fmt.Sprintf("kafka table '%s': %s", table, oe.Message), Keys: oe.Keys}
		}
		return zero, fmt.Errorf("kafka table '%s': %w", table, sec.err)
	}
	rd := make(kafka.ConfigMap, len(cm))
	for k, v := range cm {
		if k != securityConfigKey {
			rd[k] = v
		}
	}
	for {
		c, err := create(&rd)
		if err == nil {
			if sec != nil && sec.iam != nil {
				if err := startTokenRefresh(c, sec.iam, log); err != nil {
					closeClient(c)
					return zero, fmt.Errorf("kafka table '%s': %w", table, err)
				}
			}
			return c, nil
		}
		msg := err.Error()
		if m := noSuchProperty.FindStringSubmatch(msg); m != nil {
			if opt, ok := origin[m[1]]; ok {
				log.Warn("kafka: the client does not know this property; it is ignored", zap.String("option", opt))
				delete(rd, m[1])
				delete(cm, m[1])
				delete(origin, m[1])
				continue
			}
		}
		if m := badProperty.FindStringSubmatch(msg); m != nil {
			name := m[1]
			if _, ok := origin[name]; !ok {
				name = aliases[name]
			}
			if opt, ok := origin[name]; ok {
				if sqlpkg.IsSensitiveKey(opt) {
					// librdkafka's message quotes the value: a secret.
					msg = "invalid value (not shown: the option holds a secret)"
				}
				return zero, &connectors.OptionError{Message: fmt.Sprintf("kafka table '%s': invalid option '%s': %s", table, opt, msg), Keys: []string{opt}}
			}
		}
		return zero, fmt.Errorf("kafka table '%s': creating the Kafka client: %w", table, err)
	}
}

// closeClient closes a consumer, producer or admin client.
func closeClient(c any) {
	switch c := c.(type) {
	case interface{ Close() error }:
		_ = c.Close()
	case interface{ Close() }:
		c.Close()
	}
}

// logForwarder moves a client's librdkafka log lines to zap.
type logForwarder struct{ *kafkalog.Forwarder }

func newLogForwarder(log *zap.Logger) *logForwarder {
	return &logForwarder{kafkalog.New(log)}
}

// config returns the settings that route a client's logs to the forwarder.
func (f *logForwarder) config() kafka.ConfigMap { return f.Config() }

// stop ends forwarding; call it after the client is closed.
func (f *logForwarder) stop() { f.Stop() }
