package api

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"go.uber.org/zap/zaptest"

	"github.com/sluice-sql/sluice/connectors"
	ddb "github.com/sluice-sql/sluice/connectors/dynamodb"
	"github.com/sluice-sql/sluice/connectors/dynamodb/dynamodbtest"
	"github.com/sluice-sql/sluice/engine/types"
)

var sinkSchema = types.Schema{
	{Name: "account_id", Type: types.BigInt},
	{Name: "customer_id", Type: types.Varchar(15)},
	{Name: "merchant_type", Type: types.Varchar(8)},
	{Name: "transaction_id", Type: types.Varchar(16)},
	{Name: "transaction_type", Type: types.Varchar(20)},
	{Name: "transaction_amount", Type: types.DecimalType(10, 2)},
	{Name: "transaction_date", Type: types.TimestampType(3)},
}

// fixture is a seed table filled through the DynamoDB sink, as the job fills it.
type fixture struct {
	client *dynamodb.Client
	table  string
}

// The rows: account 1000000001 has five transactions, T1 at two dates;
// account 1000000003 has one.
var fixtureRows = []struct {
	account      int64
	id, amount   string
	date         string
	customer     string
	merchantType string
}{
	{1000000001, "T1", "12.50", "2023-08-10 09:00:00", "C1000000001", "Online"},
	{1000000001, "T2", "0.05", "2023-08-10 10:30:15.250", "C1000000001", "In Store"},
	{1000000001, "T3", "100.00", "2023-08-11 00:00:00", "C1000000001", "Online"},
	{1000000001, "T4", "7.10", "2023-08-11 12:00:00.001", "C1000000001", "Online"},
	{1000000001, "T1", "3.33", "2023-08-12 08:00:00", "C1000000001", "Online"},
	{1000000003, "T5", "1.00", "2023-08-10 11:00:00", "C3000000001", "In Store"},
}

func newFixture(t *testing.T) fixture {
	t.Helper()
	client := dynamodbtest.Client(t)
	def, err := ddb.LoadTableDefinition(dynamodbtest.RepoFile(t, "configs/ddb.json"))
	if err != nil {
		t.Fatal(err)
	}
	name := dynamodbtest.TableName(t)
	def.TableName = &name
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if _, err := ddb.EnsureTable(ctx, client, def); err != nil {
		t.Fatal(err)
	}
	dynamodbtest.DeleteOnCleanup(t, client, name)

	f := ddb.Factory{}
	sink, err := f.NewSink(connectors.Table{Name: "flagged_transactions", Schema: sinkSchema, Logger: zaptest.NewLogger(t), Options: map[string]string{
		"connector": "dynamodb", "table-name": name, "aws.region": dynamodbtest.Region,
		"aws.endpoint": dynamodbtest.Endpoint(t), "aws.credentials.basic.accesskeyid": dynamodbtest.AccessKey,
		"aws.credentials.basic.secretkey": dynamodbtest.SecretKey,
	}})
	if err != nil {
		t.Fatal(err)
	}
	var rows []types.Row
	for _, r := range fixtureRows {
		d, err := types.ParseDecimal(r.amount)
		if err != nil {
			t.Fatal(err)
		}
		ts, err := types.ParseTimestampSQL(r.date)
		if err != nil {
			t.Fatal(err)
		}
		rows = append(rows, types.Row{Fields: []types.Value{
			types.BigIntValue(r.account), types.StringValue(r.customer), types.StringValue(r.merchantType),
			types.StringValue(r.id), types.StringValue("Grocery_Store"), types.DecimalValue(d), types.TimestampValue(ts),
		}})
	}
	if err := sink.Write(ctx, rows); err != nil {
		t.Fatal(err)
	}
	if err := sink.Close(ctx); err != nil {
		t.Fatal(err)
	}
	return fixture{client: client, table: name}
}

type answer struct {
	status int
	header http.Header
	body   map[string]any
	raw    string
}

func get(t *testing.T, srv *httptest.Server, method, path string) answer {
	t.Helper()
	req, err := http.NewRequest(method, srv.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	a := answer{status: resp.StatusCode, header: resp.Header, raw: string(raw)}
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Errorf("%s %s: Content-Type %q", method, path, ct)
	}
	dec := json.NewDecoder(strings.NewReader(a.raw))
	dec.UseNumber() // numbers must arrive as JSON numbers
	if err := dec.Decode(&a.body); err != nil {
		t.Fatalf("%s %s: %d %q is not a JSON object: %v", method, path, a.status, a.raw, err)
	}
	return a
}

// ids lists "transaction_id@transaction_date" of the items of an answer.
func ids(t *testing.T, a answer) []string {
	t.Helper()
	items, ok := a.body["items"].([]any)
	if !ok {
		t.Fatalf("no items in %s", a.raw)
	}
	var out []string
	for _, it := range items {
		m := it.(map[string]any)
		out = append(out, fmt.Sprintf("%v@%v", m["transaction_id"], m["transaction_date"]))
	}
	return out
}

func TestAccountTransactions(t *testing.T) {
	fx := newFixture(t)
	srv := httptest.NewServer(NewHandler(fx.client, fx.table, "account", zaptest.NewLogger(t)))
	defer srv.Close()

	all := []string{"T1@2023-08-12T08:00", "T4@2023-08-11T12:00:00.001", "T3@2023-08-11T00:00", "T2@2023-08-10T10:30:15.250", "T1@2023-08-10T09:00"}
	tests := []struct {
		name  string
		query string
		want  []string
	}{
		{"all, newest first", "", all},
		{"limit", "?limit=2", all[:2]},
		{"from", "?from=2023-08-11T00:00:00", all[:3]},
		{"to", "?to=2023-08-10%2010:30:15.250", all[3:]},
		{"between", "?from=2023-08-10T10:00&to=2023-08-11T12:00:00", all[2:4]},
		{"whole days", "?from=2023-08-11&to=2023-08-11", all[1:3]},
		{"empty range", "?from=2023-09-01", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := get(t, srv, http.MethodGet, "/accounts/1000000001/flagged-transactions"+tt.query)
			if a.status != http.StatusOK {
				t.Fatalf("status %d: %s", a.status, a.raw)
			}
			if got := ids(t, a); strings.Join(got, " ") != strings.Join(tt.want, " ") {
				t.Errorf("items %v, want %v", got, tt.want)
			}
			if a.body["account_id"] != json.Number("1000000001") || a.body["count"] != json.Number(fmt.Sprint(len(tt.want))) {
				t.Errorf("account_id %v count %v", a.body["account_id"], a.body["count"])
			}
		})
	}

	// Items keep their types: numbers as numbers, strings as strings.
	a := get(t, srv, http.MethodGet, "/accounts/1000000001/flagged-transactions?limit=5")
	last := a.body["items"].([]any)[4].(map[string]any)
	want := map[string]any{
		"account_id": json.Number("1000000001"), "customer_id": "C1000000001", "merchant_type": "Online",
		"transaction_id": "T1", "transaction_type": "Grocery_Store", "transaction_amount": json.Number("12.5"),
		"transaction_date": "2023-08-10T09:00",
	}
	for k, v := range want {
		if last[k] != v {
			t.Errorf("%s = %#v, want %#v", k, last[k], v)
		}
	}
}

func TestAccountPagination(t *testing.T) {
	fx := newFixture(t)
	srv := httptest.NewServer(NewHandler(fx.client, fx.table, "account", zaptest.NewLogger(t)))
	defer srv.Close()
	var got []string
	next := ""
	for page := 0; page < 5; page++ {
		path := "/accounts/1000000001/flagged-transactions?limit=2"
		if next != "" {
			path += "&next=" + url.QueryEscape(next)
		}
		a := get(t, srv, http.MethodGet, path)
		if a.status != http.StatusOK {
			t.Fatalf("page %d: status %d: %s", page, a.status, a.raw)
		}
		got = append(got, ids(t, a)...)
		n, _ := a.body["next"].(string)
		if n == "" {
			break
		}
		next = n
		// Another account may not continue this listing.
		if b := get(t, srv, http.MethodGet, "/accounts/1000000003/flagged-transactions?next="+url.QueryEscape(n)); b.status != http.StatusBadRequest {
			t.Errorf("token reused for another account: %d %s", b.status, b.raw)
		}
	}
	want := "T1@2023-08-12T08:00 T4@2023-08-11T12:00:00.001 T3@2023-08-11T00:00 T2@2023-08-10T10:30:15.250 T1@2023-08-10T09:00"
	if strings.Join(got, " ") != want {
		t.Errorf("pages gave %v", got)
	}
}

func TestTransaction(t *testing.T) {
	fx := newFixture(t)
	srv := httptest.NewServer(NewHandler(fx.client, fx.table, "account", zaptest.NewLogger(t)))
	defer srv.Close()
	a := get(t, srv, http.MethodGet, "/transactions/T1")
	if a.status != http.StatusOK || strings.Join(ids(t, a), " ") != "T1@2023-08-12T08:00 T1@2023-08-10T09:00" {
		t.Errorf("T1: %d %s", a.status, a.raw)
	}
	if a := get(t, srv, http.MethodGet, "/transactions/T5"); a.status != http.StatusOK || len(ids(t, a)) != 1 {
		t.Errorf("T5: %d %s", a.status, a.raw)
	}
}

func TestErrors(t *testing.T) {
	fx := newFixture(t)
	srv := httptest.NewServer(NewHandler(fx.client, fx.table, "account", zaptest.NewLogger(t)))
	defer srv.Close()
	tests := []struct {
		method, path string
		status       int
		want         string
	}{
		{"GET", "/accounts/abc/flagged-transactions", 400, `account_id must be an integer, got "abc"`},
		{"GET", "/accounts/1.5/flagged-transactions", 400, "account_id must be an integer"},
		{"GET", "/accounts/99999999999999999999/flagged-transactions", 400, "account_id must be an integer"},
		{"GET", "/accounts/1/flagged-transactions?limit=0", 400, "limit must be an integer from 1 to 1000"},
		{"GET", "/accounts/1/flagged-transactions?limit=1001", 400, "limit must be an integer from 1 to 1000"},
		{"GET", "/accounts/1/flagged-transactions?limit=ten", 400, "limit must be"},
		{"GET", "/accounts/1/flagged-transactions?from=yesterday", 400, `from: "yesterday" is not a timestamp`},
		{"GET", "/accounts/1/flagged-transactions?to=2023-02-30T00:00", 400, "to: "},
		{"GET", "/accounts/1/flagged-transactions?from=2023-08-12&to=2023-08-11", 400, "is after to"},
		{"GET", "/accounts/1/flagged-transactions?next=%%%", 400, "malformed query string"},
		{"GET", "/accounts/1/flagged-transactions?next=not-base64!", 400, "next token"},
		{"GET", "/accounts/1/flagged-transactions?next=e30", 400, "next token"},
		{"GET", "/transactions/" + strings.Repeat("x", 2049), 400, "transaction_id must be 1 to 2048 bytes long"},
		{"GET", "/transactions/NOPE", 404, `transaction "NOPE" not found`},
		{"GET", "/accounts/1/transactions", 404, "no such resource"},
		{"GET", "/", 404, "no such resource"},
		{"GET", "/accounts/1/flagged-transactions/", 404, "no such resource"},
		{"POST", "/accounts/1/flagged-transactions", 405, "method POST is not allowed"},
		{"DELETE", "/transactions/T1", 405, "method DELETE is not allowed"},
	}
	for _, tt := range tests {
		t.Run(tt.method+" "+truncate(tt.path, 60), func(t *testing.T) {
			a := get(t, srv, tt.method, tt.path)
			if a.status != tt.status {
				t.Errorf("status %d, want %d: %s", a.status, tt.status, a.raw)
			}
			msg, _ := a.body["error"].(string)
			if !strings.Contains(msg, tt.want) {
				t.Errorf("error %q, want it to contain %q", msg, tt.want)
			}
			if tt.status == 405 && a.header.Get("Allow") != "GET, HEAD" {
				t.Errorf("Allow %q", a.header.Get("Allow"))
			}
		})
	}
}

func TestUpstreamFailure(t *testing.T) {
	client := dynamodbtest.Client(t)
	srv := httptest.NewServer(NewHandler(client, dynamodbtest.TableName(t), "account", zaptest.NewLogger(t)))
	defer srv.Close()
	a := get(t, srv, http.MethodGet, "/accounts/1/flagged-transactions")
	if a.status != http.StatusBadGateway || !strings.Contains(a.raw, "ResourceNotFoundException") {
		t.Errorf("missing table: %d %s", a.status, a.raw)
	}
}

func TestServeCommand(t *testing.T) {
	fx := newFixture(t)
	t.Setenv("AWS_ACCESS_KEY_ID", dynamodbtest.AccessKey)
	t.Setenv("AWS_SECRET_ACCESS_KEY", dynamodbtest.SecretKey)
	base, stop := startServe(t, "--addr", "127.0.0.1:0", "--table", fx.table, "--endpoint", dynamodbtest.Endpoint(t),
		"--region", dynamodbtest.Region)
	resp, err := http.Get(base + "/transactions/T3")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	_ = resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !strings.Contains(string(body), `"transaction_amount":100`) {
		t.Errorf("GET /transactions/T3: %d %s", resp.StatusCode, body)
	}
	stop()
}
