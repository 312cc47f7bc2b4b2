package kafka

import (
	"errors"
	"sync"
	"time"

	"github.com/confluentinc/confluent-kafka-go/v2/kafka"
	"go.uber.org/zap"
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
	fields = append(fields, zap.Error(err))
	if held > 0 {
		fields = append(fields, zap.Int("similar_errors_not_logged", held), zap.Duration("in_the_last", l.every))
	}
	l.log.Warn(msg, fields...)
}
