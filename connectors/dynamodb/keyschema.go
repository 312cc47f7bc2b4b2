package dynamodb

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	ddbtypes "github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/smithy-go"
	"go.uber.org/zap"

	"github.com/sluice-sql/sluice/connectors"
	"github.com/sluice-sql/sluice/engine/types"
)

// TableDescriber is the part of the DynamoDB client that reads a table's
// description.
type TableDescriber interface {
	DescribeTable(ctx context.Context, in *dynamodb.DescribeTableInput, optFns ...func(*dynamodb.Options)) (*dynamodb.DescribeTableOutput, error)
}

// itemKeys reads the key schema of the sink's DynamoDB table and checks it
// against the SQL table: every key attribute must be a column the sink
// writes with the attribute's type. It returns the key attribute names, the
// HASH key first. DynamoDB rejects a whole BatchWriteItem that names an
// item twice, so the sink merges the rows of one item key within a batch;
// this is where it learns what the item key is.
func itemKeys(ctx context.Context, client TableDescriber, c *sinkConfig, t connectors.Table) ([]string, error) {
	desc, err := describe(ctx, client, c.table)
	if err != nil {
		return nil, describeHint(err)
	}
	if desc == nil {
		return nil, fmt.Errorf("DynamoDB table '%s' does not exist%s: create it first (e.g. `sluice dynamodb create-table --definition configs/ddb.json`) or set '%s'",
			c.table, c.where(), optCreateTableDef)
	}
	switch desc.TableStatus {
	case ddbtypes.TableStatusCreating:
		if desc, err = waitActive(ctx, client, c.table); err != nil {
			return nil, err
		}
	case ddbtypes.TableStatusDeleting, ddbtypes.TableStatusArchiving, ddbtypes.TableStatusArchived,
		ddbtypes.TableStatusInaccessibleEncryptionCredentials:
		return nil, fmt.Errorf("DynamoDB table '%s'%s is %s and cannot be written", c.table, c.where(), desc.TableStatus)
	}
	attrTypes := map[string]ddbtypes.ScalarAttributeType{}
	for _, a := range desc.AttributeDefinitions {
		attrTypes[deref(a.AttributeName)] = a.AttributeType
	}
	var keys []string
	for _, k := range orderedKeySchema(desc.KeySchema) {
		name := deref(k.AttributeName)
		col := t.Schema.Index(name)
		if col < 0 {
			return nil, fmt.Errorf("DynamoDB table '%s' has the %s key '%s', but table '%s' has no column '%s': every item needs its key attributes (columns: %s)",
				c.table, k.KeyType, name, t.Name, name, columnNames(t.Schema))
		}
		typ := t.Schema[col].Type
		if want, got := attrTypes[name], writtenAs(typ.Kind); want != "" && got != want {
			return nil, fmt.Errorf("the %s key '%s' of DynamoDB table '%s' is of type %s, but column '%s' of table '%s' is %s, which the sink writes as %s",
				k.KeyType, name, c.table, want, name, t.Name, typ, attrTypeText(got))
		}
		keys = append(keys, name)
	}
	if len(keys) == 0 {
		return nil, fmt.Errorf("describing DynamoDB table '%s': the answer has no key schema", c.table)
	}
	return keys, nil
}

// checkPrimaryKey warns when the declared PRIMARY KEY is not the table's
// item key: the sink still merges by the item key, but a delete, whose key
// holds the PRIMARY KEY columns, would be rejected.
func checkPrimaryKey(log *zap.Logger, c *sinkConfig, t connectors.Table, keys []string) {
	if len(t.PrimaryKey) == 0 || sameSet(t.PrimaryKey, keys) {
		return
	}
	log.Warn("the PRIMARY KEY is not the DynamoDB table's key: rows of one item are merged by the table's key, and a delete of this table would fail",
		zap.String("dynamodb_table", c.table), zap.Strings("primary_key", t.PrimaryKey), zap.Strings("item_key", keys))
}

// describeHint adds what to do to the failures worth one.
func describeHint(err error) error {
	var apiErr smithy.APIError
	if errors.As(err, &apiErr) && apiErr.ErrorCode() == "AccessDeniedException" {
		return fmt.Errorf("%w (the DynamoDB sink reads the table's key schema at start: grant dynamodb:DescribeTable on the table)", err)
	}
	return err
}

// where names the region and endpoint for messages about a missing table.
func (c *sinkConfig) where() string {
	if c.endpoint != "" {
		return fmt.Sprintf(" (region %s, endpoint %s)", c.region, c.endpoint)
	}
	return fmt.Sprintf(" (region %s)", c.region)
}

// orderedKeySchema puts the HASH key first, as DynamoDB documents it.
func orderedKeySchema(ks []ddbtypes.KeySchemaElement) []ddbtypes.KeySchemaElement {
	out := make([]ddbtypes.KeySchemaElement, 0, len(ks))
	for _, hashFirst := range []bool{true, false} {
		for _, k := range ks {
			if (k.KeyType == ddbtypes.KeyTypeHash) == hashFirst {
				out = append(out, k)
			}
		}
	}
	return out
}

// writtenAs is the attribute type attributeValue gives a non-NULL value of
// a column of kind k; "" for BOOLEAN, which is no key type.
func writtenAs(k types.Kind) ddbtypes.ScalarAttributeType {
	switch k {
	case types.KindTinyInt, types.KindSmallInt, types.KindInt, types.KindBigInt,
		types.KindFloat, types.KindDouble, types.KindDecimal:
		return ddbtypes.ScalarAttributeTypeN
	case types.KindChar, types.KindVarchar, types.KindDate, types.KindTimestamp, types.KindTimestampLTZ:
		return ddbtypes.ScalarAttributeTypeS
	case types.KindBytes:
		return ddbtypes.ScalarAttributeTypeB
	}
	return ""
}

func attrTypeText(t ddbtypes.ScalarAttributeType) string {
	if t == "" {
		return "BOOL, which is no key type"
	}
	return string(t)
}

func columnNames(s types.Schema) string {
	names := make([]string, len(s))
	for i, c := range s {
		names[i] = c.Name
	}
	return strings.Join(names, ", ")
}

func sameSet(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for _, x := range a {
		if !contains(b, x) {
			return false
		}
	}
	return true
}
