package dynamodb

import (
	"errors"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/aws/smithy-go"
)

// fatalCodes are the service errors Flink's DynamoDbSinkWriter never
// retries: its ResourceNotFound, ConditionalCheckFailed and Validation
// classifiers.
var fatalCodes = []string{"ValidationException", "ResourceNotFoundException", "ConditionalCheckFailedException"}

// isFatal reports whether a failed BatchWriteItem must fail the job whatever
// 'sink.fail-on-error' says. Everything else (throttling, 5xx, network, the
// SDK's exhausted retries) is retried unless 'sink.fail-on-error' is set.
func isFatal(err error) bool {
	var ce *credentialsError
	if errors.As(err, &ce) {
		return true // Flink: StsException / SdkClientException classifiers
	}
	var apiErr smithy.APIError
	if errors.As(err, &apiErr) {
		for _, c := range fatalCodes {
			if strings.EqualFold(apiErr.ErrorCode(), c) {
				return true
			}
		}
		return false
	}
	// Requests the SDK refuses to build: Flink's SdkClientException
	// ("client misconfigured") classifier.
	var invalid smithy.InvalidParamsError
	var invalidPtr *smithy.InvalidParamsError
	var ser *smithy.SerializationError
	return errors.As(err, &invalid) || errors.As(err, &invalidPtr) || errors.As(err, &ser)
}

// backoff spaces the retries of one batch: exponential from base up to max,
// each delay drawn from its upper half so that throttled writers spread out.
type backoff struct {
	base, max time.Duration
}

var defaultBackoff = backoff{base: 50 * time.Millisecond, max: 5 * time.Second}

func (b backoff) delay(attempt int) time.Duration {
	d := b.base
	for i := 0; i < attempt && d < b.max; i++ {
		d *= 2
	}
	d = min(d, b.max)
	half := int64(d / 2)
	if half <= 0 {
		return d
	}
	return time.Duration(half + rand.Int64N(half+1))
}
