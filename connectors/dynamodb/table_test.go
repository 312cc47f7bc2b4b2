package dynamodb

import (
	"bytes"
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	ddbtypes "github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/sluice-sql/sluice/connectors/dynamodb/dynamodbtest"
)

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func writeFile(t *testing.T, path string, data []byte) {
	t.Helper()
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
}

func TestEnsureTableIsIdempotent(t *testing.T) {
	client := dynamodbtest.Client(t)
	def, err := LoadTableDefinition(dynamodbtest.RepoFile(t, "configs/ddb.json"))
	if err != nil {
		t.Fatal(err)
	}
	name := dynamodbtest.TableName(t)
	def.TableName = &name
	dynamodbtest.DeleteOnCleanup(t, client, name)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	for i, wantCreated := range []bool{true, false} {
		created, err := EnsureTable(ctx, client, def)
		if err != nil {
			t.Fatalf("call %d: %v", i+1, err)
		}
		if created != wantCreated {
			t.Errorf("call %d: created = %v, want %v", i+1, created, wantCreated)
		}
	}
	out, err := client.DescribeTable(ctx, &dynamodb.DescribeTableInput{TableName: &name})
	if err != nil {
		t.Fatal(err)
	}
	if got := keySchemaText(out.Table.KeySchema); got != "(transaction_id HASH, transaction_date RANGE)" {
		t.Errorf("key schema %s", got)
	}
	if len(out.Table.GlobalSecondaryIndexes) != 1 || aws.ToString(out.Table.GlobalSecondaryIndexes[0].IndexName) != "account" ||
		out.Table.GlobalSecondaryIndexes[0].Projection.ProjectionType != ddbtypes.ProjectionTypeAll {
		t.Errorf("indexes %+v", out.Table.GlobalSecondaryIndexes)
	}

	// The same name with another key schema or without the index is refused.
	other := *def
	other.KeySchema = []ddbtypes.KeySchemaElement{{AttributeName: aws.String("transaction_id"), KeyType: ddbtypes.KeyTypeHash}}
	other.GlobalSecondaryIndexes = append(other.GlobalSecondaryIndexes, ddbtypes.GlobalSecondaryIndex{
		IndexName: aws.String("customer"), KeySchema: []ddbtypes.KeySchemaElement{{AttributeName: aws.String("account_id"), KeyType: ddbtypes.KeyTypeHash}},
	})
	_, err = EnsureTable(ctx, client, &other)
	for _, want := range []string{"exists with another schema", "key schema is (transaction_id HASH, transaction_date RANGE)", "index 'customer' is missing"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("mismatched schema: error %v, want %q", err, want)
		}
	}
}

func TestCreateTableCommand(t *testing.T) {
	ep := dynamodbtest.Endpoint(t)
	client := dynamodbtest.Client(t)
	name := dynamodbtest.TableName(t)
	dynamodbtest.DeleteOnCleanup(t, client, name)
	t.Setenv("AWS_ACCESS_KEY_ID", dynamodbtest.AccessKey)
	t.Setenv("AWS_SECRET_ACCESS_KEY", dynamodbtest.SecretKey)
	args := []string{"--definition", dynamodbtest.RepoFile(t, "configs/ddb.json"), "--endpoint", ep, "--region", dynamodbtest.Region, "--table", name}
	for _, want := range []string{"created", "already exists"} {
		var stdout, stderr bytes.Buffer
		if err := CreateTableCommand(context.Background(), args, &stdout, &stderr); err != nil {
			t.Fatalf("%v\n%s", err, stderr.String())
		}
		if !strings.Contains(stdout.String(), "'"+name+"' "+want) {
			t.Errorf("stdout %q, want %q", stdout.String(), want)
		}
	}
	var stdout, stderr bytes.Buffer
	if err := CreateTableCommand(context.Background(), []string{"--endpoint", ep}, &stdout, &stderr); err == nil ||
		!strings.Contains(err.Error(), "--definition is required") {
		t.Errorf("without --definition: %v", err)
	}
}
