// Package dynamodbtest gives tests a real DynamoDB-compatible server: the
// DynamoDB Local that scripts/dynamodb-local.sh starts. Tests never mock the
// service; they find the server through SLUICE_DYNAMODB_ENDPOINT.
package dynamodbtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	ddbtypes "github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/sluice-sql/sluice/internal/testserver"
)

// Environment variables the tests read.
const (
	// EnvEndpoint is the server's URL, e.g. http://127.0.0.1:18000.
	EnvEndpoint = "SLUICE_DYNAMODB_ENDPOINT"
	// EnvSkip, set to a reason, skips the tests that need the server.
	EnvSkip = "SLUICE_SKIP_DYNAMODB"
)

// Region and the dummy credentials the tests sign with: DynamoDB Local
// accepts any, and -sharedDb makes them all see the same tables.
const (
	Region    = "us-east-1"
	AccessKey = "dummy"
	SecretKey = "dummy"
)

// Endpoint returns the server's URL. Without one the test fails, saying how
// to start the server, unless SLUICE_SKIP_DYNAMODB gives a reason to skip.
func Endpoint(t testing.TB) string {
	t.Helper()
	return testserver.Server{What: "a DynamoDB-compatible server", EnvAddr: EnvEndpoint, EnvSkip: EnvSkip,
		Script: "scripts/dynamodb-local.sh"}.Addr(t)
}

// Client returns a client for the server with the tests' region and dummy
// credentials; opts adjust it.
func Client(t testing.TB, opts ...func(*dynamodb.Options)) *dynamodb.Client {
	t.Helper()
	ep := Endpoint(t)
	cfg, err := config.LoadDefaultConfig(context.Background(),
		config.WithRegion(Region),
		config.WithCredentialsProvider(credentials.NewStaticCredentialsProvider(AccessKey, SecretKey, "")))
	if err != nil {
		t.Fatalf("AWS configuration: %v", err)
	}
	return dynamodb.NewFromConfig(cfg, append([]func(*dynamodb.Options){func(o *dynamodb.Options) {
		o.BaseEndpoint = aws.String(ep)
	}}, opts...)...)
}

var unsafeChars = regexp.MustCompile(`[^a-zA-Z0-9_.-]+`)

// TableName returns a table name no other test or run uses: the test's name
// and a random suffix, within DynamoDB's 255 characters.
func TableName(t testing.TB) string {
	t.Helper()
	var b [4]byte
	if _, err := rand.Read(b[:]); err != nil {
		t.Fatalf("random: %v", err)
	}
	name := unsafeChars.ReplaceAllString(t.Name(), "-")
	if len(name) > 200 {
		name = name[:200]
	}
	return "t-" + name + "-" + hex.EncodeToString(b[:])
}

// RepoFile returns the path of a file of the repository (e.g.
// "configs/ddb.json"), found from the test's directory upwards.
func RepoFile(t testing.TB, rel string) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatalf("getwd: %v", err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return filepath.Join(dir, rel)
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatalf("no go.mod above the test directory")
		}
		dir = parent
	}
}

// DeleteOnCleanup deletes the table when the test ends.
func DeleteOnCleanup(t testing.TB, client *dynamodb.Client, table string) {
	t.Helper()
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		_, err := client.DeleteTable(ctx, &dynamodb.DeleteTableInput{TableName: &table})
		var notFound *ddbtypes.ResourceNotFoundException
		if err != nil && !errors.As(err, &notFound) {
			t.Logf("deleting table %s: %v", table, err)
		}
	})
}

// Scan returns every item of a table.
func Scan(t testing.TB, client *dynamodb.Client, table string) []map[string]ddbtypes.AttributeValue {
	t.Helper()
	var items []map[string]ddbtypes.AttributeValue
	p := dynamodb.NewScanPaginator(client, &dynamodb.ScanInput{TableName: &table, ConsistentRead: aws.Bool(true)})
	for p.HasMorePages() {
		page, err := p.NextPage(context.Background())
		if err != nil {
			t.Fatalf("scanning %s: %v", table, err)
		}
		items = append(items, page.Items...)
	}
	return items
}
