package dynamodb

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	ddbtypes "github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// TableAPI is the part of the DynamoDB client EnsureTable uses.
type TableAPI interface {
	TableDescriber
	CreateTable(ctx context.Context, in *dynamodb.CreateTableInput, optFns ...func(*dynamodb.Options)) (*dynamodb.CreateTableOutput, error)
}

// LoadTableDefinition reads a CreateTable request from a JSON file in the
// shape `aws dynamodb create-table --cli-input-json file://…` reads
// (configs/ddb.json): TableName, KeySchema, AttributeDefinitions,
// GlobalSecondaryIndexes, ProvisionedThroughput or BillingMode, and so on.
func LoadTableDefinition(path string) (*dynamodb.CreateTableInput, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("reading table definition: %w", err)
	}
	def, err := ParseTableDefinition(data)
	if err != nil {
		return nil, fmt.Errorf("table definition %s: %w", path, err)
	}
	return def, nil
}

// ParseTableDefinition parses a CreateTable request in the AWS CLI's JSON
// shape. Unknown fields are errors, as the CLI's parameter validation makes them.
func ParseTableDefinition(data []byte) (*dynamodb.CreateTableInput, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var def dynamodb.CreateTableInput
	if err := dec.Decode(&def); err != nil {
		return nil, fmt.Errorf("not a CreateTable JSON document: %w", err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, errors.New("not a CreateTable JSON document: text after the object")
	}
	if deref(def.TableName) == "" {
		return nil, errors.New("TableName is missing")
	}
	if len(def.KeySchema) == 0 {
		return nil, errors.New("KeySchema is missing")
	}
	defined := map[string]bool{}
	for _, a := range def.AttributeDefinitions {
		defined[deref(a.AttributeName)] = true
	}
	check := func(where string, ks []ddbtypes.KeySchemaElement) error {
		for _, k := range ks {
			if !defined[deref(k.AttributeName)] {
				return fmt.Errorf("%s: key attribute '%s' has no AttributeDefinitions entry", where, deref(k.AttributeName))
			}
		}
		return nil
	}
	if err := check("KeySchema", def.KeySchema); err != nil {
		return nil, err
	}
	for _, g := range def.GlobalSecondaryIndexes {
		if err := check("index "+deref(g.IndexName), g.KeySchema); err != nil {
			return nil, err
		}
	}
	return &def, nil
}

// tablePoll spaces the DescribeTable calls that wait for a table to be ACTIVE.
var tablePoll = backoff{base: 200 * time.Millisecond, max: 5 * time.Second}

// EnsureTable creates the table def describes, with its indexes, unless it
// exists, and waits until it is ACTIVE. An existing table must have the same
// key schema and the indexes def names (with their key schemas); nothing else
// is compared or changed. created tells whether this call created it.
func EnsureTable(ctx context.Context, client TableAPI, def *dynamodb.CreateTableInput) (created bool, err error) {
	name := deref(def.TableName)
	desc, err := describe(ctx, client, name)
	if err != nil {
		return false, err
	}
	if desc == nil {
		_, err := client.CreateTable(ctx, def)
		var inUse *ddbtypes.ResourceInUseException
		switch {
		case errors.As(err, &inUse):
			// Created by someone else since DescribeTable: check it like any other.
		case err != nil:
			return false, fmt.Errorf("creating DynamoDB table '%s': %w", name, err)
		default:
			created = true
		}
	}
	desc, err = waitActive(ctx, client, name)
	if err != nil {
		return created, err
	}
	if err := compareSchema(def, desc); err != nil {
		return created, fmt.Errorf("DynamoDB table '%s' exists with another schema than its definition: %w", name, err)
	}
	return created, nil
}

// describe returns the table's description, or nil if it does not exist.
func describe(ctx context.Context, client TableDescriber, name string) (*ddbtypes.TableDescription, error) {
	out, err := client.DescribeTable(ctx, &dynamodb.DescribeTableInput{TableName: &name})
	var notFound *ddbtypes.ResourceNotFoundException
	if errors.As(err, &notFound) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("describing DynamoDB table '%s': %w", name, err)
	}
	if out.Table == nil {
		return nil, fmt.Errorf("describing DynamoDB table '%s': no table in the answer", name)
	}
	return out.Table, nil
}

// waitActive polls until the table and its global indexes are ACTIVE.
func waitActive(ctx context.Context, client TableDescriber, name string) (*ddbtypes.TableDescription, error) {
	for attempt := 0; ; attempt++ {
		desc, err := describe(ctx, client, name)
		if err != nil {
			return nil, err
		}
		if desc != nil && isActive(desc) {
			return desc, nil
		}
		status := "not visible yet"
		if desc != nil {
			status = string(desc.TableStatus)
		}
		select {
		case <-ctx.Done():
			return nil, fmt.Errorf("waiting for DynamoDB table '%s' to be ACTIVE (it is %s): %w", name, status, ctx.Err())
		case <-time.After(tablePoll.delay(attempt)):
		}
	}
}

func isActive(d *ddbtypes.TableDescription) bool {
	if d.TableStatus != ddbtypes.TableStatusActive {
		return false
	}
	for _, g := range d.GlobalSecondaryIndexes {
		if g.IndexStatus != "" && g.IndexStatus != ddbtypes.IndexStatusActive {
			return false
		}
	}
	return true
}

// compareSchema checks an existing table against its definition: the key
// schema, the key attributes' types and the defined global indexes.
func compareSchema(def *dynamodb.CreateTableInput, desc *ddbtypes.TableDescription) error {
	var problems []string
	if want, got := keySchemaText(def.KeySchema), keySchemaText(desc.KeySchema); want != got {
		problems = append(problems, fmt.Sprintf("key schema is %s, the definition wants %s", got, want))
	}
	attrTypes := map[string]ddbtypes.ScalarAttributeType{}
	for _, a := range desc.AttributeDefinitions {
		attrTypes[deref(a.AttributeName)] = a.AttributeType
	}
	for _, a := range def.AttributeDefinitions {
		if got, ok := attrTypes[deref(a.AttributeName)]; ok && got != a.AttributeType {
			problems = append(problems, fmt.Sprintf("attribute '%s' is %s, the definition wants %s", deref(a.AttributeName), got, a.AttributeType))
		}
	}
	indexes := map[string][]ddbtypes.KeySchemaElement{}
	for _, g := range desc.GlobalSecondaryIndexes {
		indexes[deref(g.IndexName)] = g.KeySchema
	}
	for _, g := range def.GlobalSecondaryIndexes {
		got, ok := indexes[deref(g.IndexName)]
		switch {
		case !ok:
			problems = append(problems, fmt.Sprintf("global secondary index '%s' is missing", deref(g.IndexName)))
		case keySchemaText(got) != keySchemaText(g.KeySchema):
			problems = append(problems, fmt.Sprintf("index '%s' has key schema %s, the definition wants %s", deref(g.IndexName), keySchemaText(got), keySchemaText(g.KeySchema)))
		}
	}
	if len(problems) > 0 {
		sort.Strings(problems)
		return errors.New(strings.Join(problems, "; "))
	}
	return nil
}

// keyText renders a key schema as "(transaction_id HASH, transaction_date RANGE)",
// the HASH key first whatever the order it is listed in.
func keySchemaText(ks []ddbtypes.KeySchemaElement) string {
	parts := make([]string, 0, len(ks))
	for _, k := range ks {
		parts = append(parts, deref(k.AttributeName)+" "+string(k.KeyType))
	}
	sort.Slice(parts, func(i, j int) bool {
		return strings.HasSuffix(parts[i], " HASH") && !strings.HasSuffix(parts[j], " HASH")
	})
	return "(" + strings.Join(parts, ", ") + ")"
}
