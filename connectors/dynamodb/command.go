package dynamodb

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
)

// CreateTableCommand is `sluice dynamodb create-table`: it creates the table
// a definition file describes unless it exists (EnsureTable), e.g.
//
//	sluice dynamodb create-table --definition configs/ddb.json --endpoint http://127.0.0.1:18000
//
// args are the arguments after "create-table". It prints one line to stdout
// saying whether the table was created or already there.
func CreateTableCommand(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return createTable(ctx, args, stdout, stderr, nil)
}

func createTable(ctx context.Context, args []string, stdout, stderr io.Writer, clientOpts []func(*dynamodb.Options)) error {
	fs := flag.NewFlagSet("dynamodb create-table", flag.ContinueOnError)
	fs.SetOutput(stderr)
	defPath := fs.String("definition", "", "CreateTable JSON file, as `aws dynamodb create-table --cli-input-json` reads (required)")
	endpoint := fs.String("endpoint", "", "DynamoDB endpoint URL, e.g. http://127.0.0.1:18000 for DynamoDB Local")
	region := fs.String("region", "", "AWS region (default: AWS_REGION or the shared profile; us-east-1 with --endpoint)")
	table := fs.String("table", "", "create the table under this name instead of the definition's TableName")
	wait := fs.Duration("wait", 5*time.Minute, "how long to wait for the table to become ACTIVE")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("dynamodb create-table: unexpected argument %q", fs.Arg(0))
	}
	if *defPath == "" {
		fs.Usage()
		return errors.New("dynamodb create-table: --definition is required")
	}
	def, err := LoadTableDefinition(*defPath)
	if err != nil {
		return err
	}
	if *table != "" {
		def.TableName = table
	}
	client, err := NewClient(ctx, ClientConfig{Region: *region, Endpoint: *endpoint, Options: clientOpts})
	if err != nil {
		return err
	}
	wctx, cancel := context.WithTimeout(ctx, *wait)
	defer cancel()
	created, err := EnsureTable(wctx, client, def)
	if err != nil {
		return err
	}
	state := "already exists"
	if created {
		state = "created"
	}
	_, err = fmt.Fprintf(stdout, "DynamoDB table '%s' %s and is ACTIVE\n", deref(def.TableName), state)
	return err
}
