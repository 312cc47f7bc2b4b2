// Package api is the HTTP API that serves the flagged transactions the job
// writes to DynamoDB (the seeds' "serve real-time requests from an API"):
//
//	GET /accounts/{account_id}/flagged-transactions?limit=N&from=TS&to=TS&next=TOKEN
//	    newest first, from the table's global secondary index on
//	    (account_id, transaction_date); limit 1–1000 (default 50); from/to
//	    bound transaction_date inclusively; next continues a previous page.
//	GET /transactions/{transaction_id}
//	    every item of that transaction id (newest first), or 404.
//
// Answers are JSON. Items carry their attributes as the sink wrote them:
// numbers (account_id, transaction_amount) as JSON numbers, strings as
// strings. Errors are {"error": "..."} with a 4xx status for bad requests,
// 502 when DynamoDB fails, and 503 with Retry-After when the server already
// runs as many DynamoDB queries as it may (LimitQueries) and none ended
// within the queue wait.
package api

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	ddbtypes "github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/smithy-go"
	"go.uber.org/zap"
)

// DynamoQueryer is the part of the DynamoDB client the API uses.
type DynamoQueryer interface {
	Query(ctx context.Context, in *dynamodb.QueryInput, optFns ...func(*dynamodb.Options)) (*dynamodb.QueryOutput, error)
}

// Attribute names of the seed table (configs/ddb.json).
const (
	attrAccount     = "account_id"
	attrTransaction = "transaction_id"
	attrDate        = "transaction_date"
)

// Limits of the API.
const (
	defaultLimit = 50
	maxLimit     = 1000
	// maxKeyBytes is DynamoDB's limit on a partition key value.
	maxKeyBytes = 2048
	// maxTransactionItems bounds one transaction's answer; a transaction id
	// has one item per transaction_date, normally one.
	maxTransactionItems = 1000
	queryTimeout        = 10 * time.Second
)

type handler struct {
	client       DynamoQueryer
	table, index string
	log          *zap.Logger
}

// NewHandler returns the API for a table written by the DynamoDB sink and
// the name of its global secondary index on (account_id, transaction_date).
func NewHandler(client DynamoQueryer, table, index string, logger *zap.Logger) http.Handler {
	if logger == nil {
		logger = zap.NewNop()
	}
	h := &handler{client: client, table: table, index: index, log: logger}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /accounts/{account_id}/flagged-transactions", h.accountTransactions)
	mux.HandleFunc("GET /transactions/{transaction_id}", h.transaction)
	// The same paths with another method, and every other path, answer in
	// JSON too (ServeMux's own 404 and 405 are plain text).
	mux.HandleFunc("/accounts/{account_id}/flagged-transactions", methodNotAllowed)
	mux.HandleFunc("/transactions/{transaction_id}", methodNotAllowed)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, http.StatusNotFound, fmt.Sprintf("no such resource: %s (try GET /accounts/{account_id}/flagged-transactions or GET /transactions/{transaction_id})", r.URL.Path))
	})
	return recoverer(mux, logger)
}

func methodNotAllowed(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Allow", "GET, HEAD")
	writeError(w, http.StatusMethodNotAllowed, fmt.Sprintf("method %s is not allowed here; use GET", r.Method))
}

// recoverer turns a panic in a handler into a 500 rather than a dropped
// connection, and logs it.
func recoverer(next http.Handler, log *zap.Logger) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				log.Error("api handler panicked", zap.String("path", r.URL.Path), zap.Any("panic", v), zap.Stack("stack"))
				writeError(w, http.StatusInternalServerError, "internal error")
			}
		}()
		next.ServeHTTP(w, r)
	})
}

// accountPage is the answer of GET /accounts/{account_id}/flagged-transactions.
type accountPage struct {
	AccountID int64            `json:"account_id"`
	Items     []map[string]any `json:"items"`
	Count     int              `json:"count"`
	Next      string           `json:"next,omitempty"`
}

func (h *handler) accountTransactions(w http.ResponseWriter, r *http.Request) {
	raw := r.PathValue("account_id")
	account, err := strconv.ParseInt(raw, 10, 64)
	if err != nil {
		writeError(w, http.StatusBadRequest, fmt.Sprintf("account_id must be an integer, got %q", raw))
		return
	}
	q, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		writeError(w, http.StatusBadRequest, fmt.Sprintf("malformed query string: %v", err))
		return
	}
	limit, err := parseLimit(q.Get("limit"))
	if err != nil {
		writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	cond, err := dateCondition(q.Get("from"), q.Get("to"))
	if err != nil {
		writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	accountText := strconv.FormatInt(account, 10)
	start, err := decodeToken(q.Get("next"))
	if err != nil {
		writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	if start != nil {
		if n, ok := start[attrAccount].(*ddbtypes.AttributeValueMemberN); !ok || n.Value != accountText {
			writeError(w, http.StatusBadRequest, "next token does not belong to this account's listing")
			return
		}
	}
	names := map[string]string{"#a": attrAccount}
	values := map[string]ddbtypes.AttributeValue{":a": &ddbtypes.AttributeValueMemberN{Value: accountText}}
	expr := "#a = :a"
	if cond.expr != "" {
		expr += " AND " + cond.expr
		names["#d"] = attrDate
		for k, v := range cond.values {
			values[k] = &ddbtypes.AttributeValueMemberS{Value: v}
		}
	}
	ctx, cancel := context.WithTimeout(r.Context(), queryTimeout)
	defer cancel()
	out, err := h.client.Query(ctx, &dynamodb.QueryInput{
		TableName:                 &h.table,
		IndexName:                 &h.index,
		KeyConditionExpression:    &expr,
		ExpressionAttributeNames:  names,
		ExpressionAttributeValues: values,
		ScanIndexForward:          aws.Bool(false), // newest first
		Limit:                     aws.Int32(int32(limit)),
		ExclusiveStartKey:         start,
	})
	if err != nil {
		h.upstreamError(w, r, err, start != nil)
		return
	}
	page := accountPage{AccountID: account, Items: make([]map[string]any, 0, len(out.Items))}
	for _, it := range out.Items {
		page.Items = append(page.Items, itemJSON(it))
	}
	page.Count = len(page.Items)
	if len(out.LastEvaluatedKey) > 0 {
		if page.Next, err = encodeToken(out.LastEvaluatedKey); err != nil {
			h.log.Error("encoding a next token", zap.Error(err))
			writeError(w, http.StatusInternalServerError, "internal error")
			return
		}
	}
	writeJSON(w, http.StatusOK, page)
}

// transactionAnswer is the answer of GET /transactions/{transaction_id}.
type transactionAnswer struct {
	TransactionID string           `json:"transaction_id"`
	Items         []map[string]any `json:"items"`
}

func (h *handler) transaction(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("transaction_id")
	if id == "" || len(id) > maxKeyBytes {
		writeError(w, http.StatusBadRequest, fmt.Sprintf("transaction_id must be 1 to %d bytes long", maxKeyBytes))
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), queryTimeout)
	defer cancel()
	expr := "#t = :t"
	in := &dynamodb.QueryInput{
		TableName:                 &h.table,
		KeyConditionExpression:    &expr,
		ExpressionAttributeNames:  map[string]string{"#t": attrTransaction},
		ExpressionAttributeValues: map[string]ddbtypes.AttributeValue{":t": &ddbtypes.AttributeValueMemberS{Value: id}},
		ScanIndexForward:          aws.Bool(false),
	}
	answer := transactionAnswer{TransactionID: id, Items: []map[string]any{}}
	for {
		out, err := h.client.Query(ctx, in)
		if err != nil {
			h.upstreamError(w, r, err, false)
			return
		}
		for _, it := range out.Items {
			answer.Items = append(answer.Items, itemJSON(it))
		}
		if len(out.LastEvaluatedKey) == 0 || len(answer.Items) >= maxTransactionItems {
			break
		}
		in.ExclusiveStartKey = out.LastEvaluatedKey
	}
	if len(answer.Items) == 0 {
		writeError(w, http.StatusNotFound, fmt.Sprintf("transaction %q not found", id))
		return
	}
	writeJSON(w, http.StatusOK, answer)
}

// upstreamError answers a failed Query: 400 when DynamoDB rejects a client's
// page token, nothing when the client went away, 502 otherwise.
func (h *handler) upstreamError(w http.ResponseWriter, r *http.Request, err error, withToken bool) {
	if r.Context().Err() != nil {
		return // the client is gone; nobody reads an answer
	}
	var busy *busyError
	if errors.As(err, &busy) {
		w.Header().Set("Retry-After", strconv.Itoa(busyRetryAfter))
		writeError(w, http.StatusServiceUnavailable, fmt.Sprintf("server busy: %v; retry after %d s", busy, busyRetryAfter))
		return
	}
	var apiErr smithy.APIError
	code := ""
	if errors.As(err, &apiErr) {
		code = apiErr.ErrorCode()
	}
	if withToken && code == "ValidationException" {
		writeError(w, http.StatusBadRequest, "next token is not valid for this listing")
		return
	}
	h.log.Error("DynamoDB query failed", zap.String("path", r.URL.Path), zap.String("table", h.table), zap.Error(err))
	msg := fmt.Sprintf("querying DynamoDB table '%s' failed", h.table)
	if code != "" {
		msg += " (" + code + ")"
	}
	writeError(w, http.StatusBadGateway, msg)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	body, err := json.Marshal(v)
	if err != nil {
		status = http.StatusInternalServerError
		body = []byte(`{"error":"internal error: answer could not be encoded"}`)
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	_, _ = w.Write(append(body, '\n'))
}

func writeError(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, map[string]string{"error": msg})
}

// itemJSON converts an item to JSON values: N as JSON numbers, S as
// strings, B as base64, sets and lists as arrays, maps as objects.
func itemJSON(item map[string]ddbtypes.AttributeValue) map[string]any {
	out := make(map[string]any, len(item))
	for k, v := range item {
		out[k] = valueJSON(v)
	}
	return out
}

func valueJSON(av ddbtypes.AttributeValue) any {
	switch a := av.(type) {
	case *ddbtypes.AttributeValueMemberS:
		return a.Value
	case *ddbtypes.AttributeValueMemberN:
		return number(a.Value)
	case *ddbtypes.AttributeValueMemberBOOL:
		return a.Value
	case *ddbtypes.AttributeValueMemberNULL:
		return nil
	case *ddbtypes.AttributeValueMemberB:
		return base64.StdEncoding.EncodeToString(a.Value)
	case *ddbtypes.AttributeValueMemberSS:
		return a.Value
	case *ddbtypes.AttributeValueMemberNS:
		ns := make([]any, len(a.Value))
		for i, n := range a.Value {
			ns[i] = number(n)
		}
		return ns
	case *ddbtypes.AttributeValueMemberBS:
		bs := make([]string, len(a.Value))
		for i, b := range a.Value {
			bs[i] = base64.StdEncoding.EncodeToString(b)
		}
		return bs
	case *ddbtypes.AttributeValueMemberL:
		l := make([]any, len(a.Value))
		for i, v := range a.Value {
			l[i] = valueJSON(v)
		}
		return l
	case *ddbtypes.AttributeValueMemberM:
		return itemJSON(a.Value)
	}
	return nil
}

// number is a DynamoDB number as a JSON number, or as a string in the
// unlikely case that its text is not valid JSON.
func number(s string) any {
	if json.Valid([]byte(s)) {
		if _, err := strconv.ParseFloat(s, 64); err == nil || errors.Is(err, strconv.ErrRange) {
			return json.Number(s)
		}
	}
	return s
}
