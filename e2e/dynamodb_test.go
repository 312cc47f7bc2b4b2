package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"math/big"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	ddbtypes "github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/sluice-sql/sluice/internal/flinktext"
)

// dynamoEndpoint returns the DynamoDB-compatible server make test starts.
func dynamoEndpoint(t *testing.T) string {
	t.Helper()
	if ep := os.Getenv("SLUICE_DYNAMODB_ENDPOINT"); ep != "" {
		return ep
	}
	if reason := os.Getenv("SLUICE_SKIP_DYNAMODB"); reason != "" {
		t.Skipf("SKIPPING DynamoDB end-to-end test: SLUICE_SKIP_DYNAMODB=%s", reason)
	}
	t.Fatal("SLUICE_DYNAMODB_ENDPOINT is not set: run the suite with `make test`, or start the server with " +
		"`scripts/dynamodb-local.sh start` and export SLUICE_DYNAMODB_ENDPOINT=$(scripts/dynamodb-local.sh url)")
	return ""
}

// TestSeededJobIntoDynamoDB runs the seed pipeline's last hop natively:
// Kafka → join → DynamoDB table flagged-transactions (created with
// `sluice dynamodb create-table` from configs/ddb.json), then compares the
// table's items with the expected rows. Accounts flagged twice make the
// join emit their transactions twice under one item key, which the sink
// must merge within a batch with or without a PRIMARY KEY (issue 13 item 4).
func TestSeededJobIntoDynamoDB(t *testing.T) {
	for _, tt := range []struct{ name, primaryKey string }{
		{"with PRIMARY KEY", ",\n    PRIMARY KEY (transaction_id, transaction_date) NOT ENFORCED"},
		{"without PRIMARY KEY", ""},
	} {
		t.Run(tt.name, func(t *testing.T) { seededJobIntoDynamoDB(t, tt.primaryKey) })
	}
}

func seededJobIntoDynamoDB(t *testing.T, primaryKey string) {
	endpoint := dynamoEndpoint(t)
	broker := startBroker(t, "flagged-accounts", "transactions", "flagged-transactions")
	flags, txs, late := dataset(11, 400)
	var frecs, trecs []record
	for _, f := range append(flags, late...) {
		frecs = append(frecs, record{nil, []byte(f.json())})
	}
	for _, x := range txs {
		trecs = append(trecs, record{nil, []byte(x.json())})
	}
	produce(t, broker.Addr(), "flagged-accounts", frecs)
	produce(t, broker.Addr(), "transactions", trecs)

	dir := t.TempDir()
	table := fmt.Sprintf("flagged-transactions-%d", time.Now().UnixNano())
	def, err := os.ReadFile("../configs/ddb.json")
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, dir, "ddb.json", strings.Replace(string(def), `"flagged-transactions"`, fmt.Sprintf("%q", table), 1))
	env := []string{"AWS_ACCESS_KEY_ID=e2e", "AWS_SECRET_ACCESS_KEY=e2e", "AWS_REGION=us-east-1", "AWS_EC2_METADATA_DISABLED=true"}
	p := start(t, dir, env, "dynamodb", "create-table", "--definition", "ddb.json", "--endpoint", endpoint, "--region", "us-east-1")
	if code := p.wait(t, 60*time.Second); code != 0 {
		t.Fatalf("create-table: exit %d\n%s", code, p.stderr.String())
	}

	job := strings.Replace(kafkaJob(true, filepath.Join(dir, "out")), "CREATE TABLE sink_print", fmt.Sprintf(`CREATE TABLE sink_ddb (%s%s
) WITH (
    'connector' = 'dynamodb',
    'table-name' = '%s',
    'aws.region' = 'us-east-1',
    'aws.endpoint' = '%s'
);
CREATE TABLE sink_print`, columns, primaryKey, table, endpoint), 1)
	job = strings.Replace(job, "INSERT INTO sink_print", "INSERT INTO sink_ddb "+joinQuery+";\n  INSERT INTO sink_print", 1)
	writeFile(t, dir, "job.sql", job)
	writeFile(t, dir, "props.json", properties(broker.Addr()))
	p = start(t, dir, env, "run", "--sql", "job.sql", "--properties", "props.json")
	if code := p.wait(t, 90*time.Second); code != 0 {
		t.Fatalf("exit code %d; stderr:\n%s", code, p.stderr.String())
	}

	// Expected items: one per (transaction_id, transaction_date) — a
	// transaction matching two flags is written twice under the same key.
	want := map[string]bool{}
	for _, x := range txs {
		for _, f := range append(flags, late...) {
			date := flinktext.Millis(x.date) // as the join sees it (docs/timestamp-precision.md)
			if x.acct == f.acct && parseTS(t, date).After(parseTS(t, flinktext.Millis(f.date))) {
				amount := "NUL"
				if d, ok := flinktext.DecimalHalfUp(x.amount, 10, 2); ok {
					amount = normalizeNumber(d)
				}
				want[fmt.Sprintf("%d|%s|%s|%s|%s|%s|%s", x.acct, x.customer, x.merchant, x.id, x.kind, amount, flinktext.JavaLocalDateTime(date))] = true
			}
		}
	}
	got := scanItems(t, endpoint, table)
	wantList := make([]string, 0, len(want))
	for k := range want {
		wantList = append(wantList, k)
	}
	sort.Strings(wantList)
	if len(wantList) < 50 {
		t.Fatalf("only %d expected items; the test would prove little", len(wantList))
	}
	checkMultiset(t, "DynamoDB items", got, wantList)
}

func normalizeNumber(s string) string {
	r, ok := new(big.Rat).SetString(s)
	if !ok {
		return "bad:" + s
	}
	return r.RatString()
}

func scanItems(t *testing.T, endpoint, table string) []string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	client := dynamodb.New(dynamodb.Options{
		Region:       "us-east-1",
		BaseEndpoint: aws.String(endpoint),
		Credentials:  credentials.NewStaticCredentialsProvider("e2e", "e2e", ""),
	})
	var out []string
	pages := dynamodb.NewScanPaginator(client, &dynamodb.ScanInput{TableName: aws.String(table)})
	for pages.HasMorePages() {
		page, err := pages.NextPage(ctx)
		if err != nil {
			t.Fatalf("scanning %s: %v", table, err)
		}
		for _, item := range page.Items {
			attr := func(name string) string {
				switch v := item[name].(type) {
				case *ddbtypes.AttributeValueMemberS:
					return v.Value
				case *ddbtypes.AttributeValueMemberN:
					return normalizeNumber(v.Value)
				case *ddbtypes.AttributeValueMemberNULL:
					return "NUL"
				case nil:
					return "MISSING"
				default:
					b, _ := json.Marshal(v)
					return fmt.Sprintf("%T%s", v, b)
				}
			}
			out = append(out, strings.Join([]string{attr("account_id"), attr("customer_id"), attr("merchant_type"),
				attr("transaction_id"), attr("transaction_type"), attr("transaction_amount"), attr("transaction_date")}, "|"))
		}
	}
	sort.Strings(out)
	return out
}
