package kafka

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/confluentinc/confluent-kafka-go/v2/kafka"
	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
)

// errorLogEvery is how often one kind of client error is logged. A broker
// that is down makes librdkafka report the same error for every connection
// attempt (several a second); one line per kind and interval, with the
// number held back, says as much without drowning the log.
const errorLogEvery = 10 * time.Second

// errorLog logs errors librdkafka retries by itself at warn, rate limited
// per error code.
type errorLog struct {
	log   *zap.Logger
	every time.Duration
	mu    sync.Mutex
	kinds map[string]*errorKind
}

type errorKind struct {
	last time.Time
	held int
}

func newErrorLog(log *zap.Logger) *errorLog {
	return &errorLog{log: log, every: errorLogEvery, kinds: map[string]*errorKind{}}
}

// warn logs msg with err unless an error of the same kind was logged less
// than an interval ago; then it is counted and reported with the next line.
func (l *errorLog) warn(msg string, err error, fields ...zap.Field) {
	kind := msg
	var ke kafka.Error
	if errors.As(err, &ke) {
		kind += "/" + ke.Code().String()
	} else if err != nil {
		kind += "/" + err.Error()
	}
	now := time.Now()
	l.mu.Lock()
	k := l.kinds[kind]
	if k == nil {
		k = &errorKind{}
		l.kinds[kind] = k
	}
	if !k.last.IsZero() && now.Sub(k.last) < l.every {
		k.held++
		l.mu.Unlock()
		return
	}
	held := k.held
	k.last, k.held = now, 0
	l.mu.Unlock()
	fields = append(fields, zap.Error(allBrokersDown(err, fields)))
	if held > 0 {
		fields = append(fields, zap.Int("similar_errors_not_logged", held), zap.Duration("in_the_last", l.every))
	}
	l.log.Warn(msg, fields...)
}

// allBrokersDown rewrites librdkafka's ALL_BROKERS_DOWN text, "%d/%d
// brokers are down", which counts the bootstrap brokers and the ones
// learnt from metadata at different moments and can read "0/1" when the
// only broker is down. It says instead that all are down and names the
// bootstrap servers (the bootstrap_servers field). Other errors are
// returned as they are.
func allBrokersDown(err error, fields []zap.Field) error {
	var ke kafka.Error
	if !errors.As(err, &ke) || ke.Code() != kafka.ErrAllBrokersDown {
		return err
	}
	servers := ""
	for _, f := range fields {
		if f.Key == "bootstrap_servers" && f.Type == zapcore.StringType {
			servers = f.String
		}
	}
	var list []string
	for _, s := range strings.Split(servers, ",") {
		if s = strings.TrimSpace(s); s != "" {
			list = append(list, s)
		}
	}
	switch len(list) {
	case 0:
		return errors.New("all brokers are down")
	case 1:
		return fmt.Errorf("all brokers are down: the bootstrap server %s does not answer", list[0])
	default:
		return fmt.Errorf("all brokers are down: none of the %d bootstrap servers (%s) answers", len(list), strings.Join(list, ", "))
	}
}
