package api

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	ddbtypes "github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/sluice-sql/sluice/engine/types"
)

func parseLimit(s string) (int, error) {
	if s == "" {
		return defaultLimit, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 || n > maxLimit {
		return 0, fmt.Errorf("limit must be an integer from 1 to %d, got %q", maxLimit, s)
	}
	return n, nil
}

// condition is the transaction_date part of a key condition.
type condition struct {
	expr   string
	values map[string]string
}

// timestampHelp lists the forms from and to accept.
const timestampHelp = "use 2023-08-10T12:34:56.123, 2023-08-10 12:34:56 or 2023-08-10"

// dateCondition builds the range condition on transaction_date. The sink
// stores TIMESTAMP(3) as LocalDateTime.toString ("2023-08-10T12:34:56.123",
// "2023-08-10T12:34" on the minute), whose text sorts as the instants do, so
// the bounds are rendered the same way and compared as strings.
func dateCondition(from, to string) (condition, error) {
	var c condition
	var lo, hi string
	var err error
	if from != "" {
		if lo, err = bound(from, false); err != nil {
			return c, fmt.Errorf("from: %w", err)
		}
	}
	if to != "" {
		if hi, err = bound(to, true); err != nil {
			return c, fmt.Errorf("to: %w", err)
		}
	}
	switch {
	case lo != "" && hi != "":
		if lo > hi {
			return c, fmt.Errorf("from (%s) is after to (%s)", from, to)
		}
		c.expr, c.values = "#d BETWEEN :lo AND :hi", map[string]string{":lo": lo, ":hi": hi}
	case lo != "":
		c.expr, c.values = "#d >= :lo", map[string]string{":lo": lo}
	case hi != "":
		c.expr, c.values = "#d <= :hi", map[string]string{":hi": hi}
	}
	return c, nil
}

// bound parses a from/to value into the stored form. A date alone is the
// start of that day for from and its last nanosecond for to.
func bound(s string, upper bool) (string, error) {
	var t types.Timestamp
	var err error
	switch {
	case len(s) == len("2023-08-10"):
		var days int32
		days, err = types.ParseDate(s)
		t = types.Timestamp{Sec: int64(days) * 86400}
		if upper {
			t.Sec += 86399
			t.Nano = 999999999
		}
	case strings.ContainsAny(s, "Tt"):
		t, err = types.ParseTimestampISO(s)
	default:
		t, err = types.ParseTimestampSQL(s)
	}
	if err != nil {
		return "", fmt.Errorf("%q is not a timestamp (%s)", s, timestampHelp)
	}
	return string(types.AppendJavaString(nil, types.TimestampValue(t))), nil
}

// A next token is the query's LastEvaluatedKey: the key attributes (S or N)
// as JSON, base64url-encoded. It is opaque to clients and checked on return.
type tokenValue struct {
	S *string `json:"S,omitempty"`
	N *string `json:"N,omitempty"`
}

// maxTokenBytes bounds a token: three key attributes of at most 2 KB each.
const maxTokenBytes = 8192

func encodeToken(key map[string]ddbtypes.AttributeValue) (string, error) {
	m := make(map[string]tokenValue, len(key))
	for k, v := range key {
		switch a := v.(type) {
		case *ddbtypes.AttributeValueMemberS:
			m[k] = tokenValue{S: &a.Value}
		case *ddbtypes.AttributeValueMemberN:
			m[k] = tokenValue{N: &a.Value}
		default:
			return "", fmt.Errorf("key attribute %s has type %T", k, v)
		}
	}
	b, err := json.Marshal(m)
	if err != nil {
		return "", err
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}

func decodeToken(s string) (map[string]ddbtypes.AttributeValue, error) {
	if s == "" {
		return nil, nil
	}
	bad := fmt.Errorf("next token %q is not one this API issued", truncate(s, 40))
	if len(s) > maxTokenBytes {
		return nil, bad
	}
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return nil, bad
	}
	var m map[string]tokenValue
	if err := json.Unmarshal(b, &m); err != nil || len(m) == 0 || len(m) > 3 {
		return nil, bad
	}
	key := make(map[string]ddbtypes.AttributeValue, len(m))
	for k, v := range m {
		switch {
		case k != attrAccount && k != attrDate && k != attrTransaction:
			return nil, bad
		case v.S != nil && v.N == nil:
			key[k] = &ddbtypes.AttributeValueMemberS{Value: *v.S}
		case v.N != nil && v.S == nil:
			if _, err := strconv.ParseInt(*v.N, 10, 64); err != nil {
				return nil, bad
			}
			key[k] = &ddbtypes.AttributeValueMemberN{Value: *v.N}
		default:
			return nil, bad
		}
	}
	return key, nil
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}
