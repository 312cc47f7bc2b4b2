package dynamodb

import (
	"errors"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"

	ddbtypes "github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/sluice-sql/sluice/engine/types"
	"github.com/sluice-sql/sluice/internal/excerpt"
)

// converter turns rows into DynamoDB write requests.
type converter struct {
	schema     types.Schema
	ignoreNull bool
	// deleteIdx are the schema positions of the PRIMARY KEY columns.
	deleteIdx []int
}

func newConverter(schema types.Schema, ignoreNull bool, deleteKeys []string) *converter {
	c := &converter{schema: schema, ignoreNull: ignoreNull}
	for _, k := range deleteKeys {
		c.deleteIdx = append(c.deleteIdx, schema.Index(k))
	}
	return c
}

// errSkip reports a row that produces no request (-U).
var errSkip = errors.New("row produces no request")

// request converts one row: +I/+U into a PutRequest of the whole item, -D
// into a DeleteRequest of the primary key, as Flink's RowDataElementConverter.
func (c *converter) request(r types.Row) (ddbtypes.WriteRequest, error) {
	if len(r.Fields) != len(c.schema) {
		return ddbtypes.WriteRequest{}, fmt.Errorf("row has %d fields, table has %d columns", len(r.Fields), len(c.schema))
	}
	switch r.Kind {
	case types.Insert, types.UpdateAfter:
		item := make(map[string]ddbtypes.AttributeValue, len(c.schema))
		for i, col := range c.schema {
			v := r.Fields[i]
			if v.IsNull() && c.ignoreNull {
				continue
			}
			av, err := attributeValue(v, col.Type)
			if err != nil {
				return ddbtypes.WriteRequest{}, fmt.Errorf("column '%s': %w", col.Name, err)
			}
			item[col.Name] = av
		}
		return ddbtypes.WriteRequest{PutRequest: &ddbtypes.PutRequest{Item: item}}, nil
	case types.Delete:
		if len(c.deleteIdx) == 0 {
			return ddbtypes.WriteRequest{}, errors.New("PRIMARY KEY on Table must be set for DynamoDB DELETE operation")
		}
		key := make(map[string]ddbtypes.AttributeValue, len(c.deleteIdx))
		for _, i := range c.deleteIdx {
			av, err := attributeValue(r.Fields[i], c.schema[i].Type)
			if err != nil {
				return ddbtypes.WriteRequest{}, fmt.Errorf("column '%s': %w", c.schema[i].Name, err)
			}
			key[c.schema[i].Name] = av
		}
		return ddbtypes.WriteRequest{DeleteRequest: &ddbtypes.DeleteRequest{Key: key}}, nil
	}
	return ddbtypes.WriteRequest{}, errSkip
}

// attributeValue converts one value as the AWS enhanced client's default
// converters do for the Java object Flink's DataStructureConverters makes of
// it (String, Long, BigDecimal, LocalDateTime, …). col is the column's type.
func attributeValue(v types.Value, col types.Type) (ddbtypes.AttributeValue, error) {
	switch v.Kind() {
	case types.KindNull:
		return &ddbtypes.AttributeValueMemberNULL{Value: true}, nil
	case types.KindBoolean:
		return &ddbtypes.AttributeValueMemberBOOL{Value: v.Bool()}, nil
	case types.KindTinyInt, types.KindSmallInt, types.KindInt, types.KindBigInt:
		return &ddbtypes.AttributeValueMemberN{Value: strconv.FormatInt(v.Int(), 10)}, nil
	case types.KindFloat, types.KindDouble:
		// ConverterUtils.validateDouble / validateFloat.
		f := v.Float()
		if math.IsNaN(f) {
			return nil, errors.New("NaN is not supported by the default converters.")
		}
		if math.IsInf(f, 0) {
			return nil, errors.New("Infinite numbers are not supported by the default converters.")
		}
		return &ddbtypes.AttributeValueMemberN{Value: string(types.AppendJavaString(nil, v))}, nil
	case types.KindDecimal:
		// BigDecimal.toString of the column's DECIMAL(p, s): the scale is
		// the column's ("12.50"), as Flink's DecimalData always has it.
		d := v.Decimal()
		if col.Kind == types.KindDecimal {
			d = d.Rescale(col.Scale)
		}
		return &ddbtypes.AttributeValueMemberN{Value: string(types.AppendJavaDecimal(nil, d))}, nil
	case types.KindChar, types.KindVarchar:
		return &ddbtypes.AttributeValueMemberS{Value: v.Str()}, nil
	case types.KindDate, types.KindTimestamp, types.KindTimestampLTZ:
		// LocalDate, LocalDateTime and Instant are stored with their toString.
		return &ddbtypes.AttributeValueMemberS{Value: string(types.AppendJavaString(nil, v))}, nil
	case types.KindBytes:
		return &ddbtypes.AttributeValueMemberB{Value: []byte(v.Str())}, nil
	}
	return nil, fmt.Errorf("unsupported value kind %d", v.Kind())
}

// dedupeKey is PrimaryKeyBuilder.build: the values of the PARTITIONED BY
// attributes of a request. Each value is length-prefixed where Flink joins
// them with '$', so that ("a$", "b") and ("a", "$b") stay distinct.
func dedupeKey(req ddbtypes.WriteRequest, keys []string) (string, error) {
	attrs := requestAttributes(req)
	var b strings.Builder
	for _, k := range keys {
		av, ok := attrs[k]
		if !ok {
			return "", fmt.Errorf("request %s does not contain partition key %s", describeRequest(req, nil), k)
		}
		s := keyText(av)
		if strings.TrimSpace(s) == "" {
			return "", fmt.Errorf("partition key or sort key attributes require non-empty values; request %s contains empty key %s", describeRequest(req, nil), k)
		}
		b.WriteString(strconv.Itoa(len(s)))
		b.WriteByte(':')
		b.WriteString(s)
	}
	return b.String(), nil
}

// keyText is PrimaryKeyBuilder.getKeyValue: the N, S or B of a key attribute.
func keyText(av ddbtypes.AttributeValue) string {
	switch a := av.(type) {
	case *ddbtypes.AttributeValueMemberN:
		return a.Value
	case *ddbtypes.AttributeValueMemberS:
		return a.Value
	case *ddbtypes.AttributeValueMemberB:
		return string(a.Value)
	}
	return ""
}

func requestAttributes(req ddbtypes.WriteRequest) map[string]ddbtypes.AttributeValue {
	switch {
	case req.PutRequest != nil:
		return req.PutRequest.Item
	case req.DeleteRequest != nil:
		return req.DeleteRequest.Key
	}
	return nil
}

// describeRequest names a request in error messages: its kind and its key
// attributes (all attributes, sorted, when the key is not known).
func describeRequest(req ddbtypes.WriteRequest, keys []string) string {
	kind := "Put"
	if req.DeleteRequest != nil {
		kind = "Delete"
	}
	attrs := requestAttributes(req)
	names := keys
	if len(names) == 0 {
		for n := range attrs {
			names = append(names, n)
		}
		sort.Strings(names)
	}
	parts := make([]string, 0, len(names))
	for _, n := range names {
		av, ok := attrs[n]
		if !ok {
			continue
		}
		parts = append(parts, n+"="+attributeText(av))
	}
	return kind + "{" + excerpt.String(strings.Join(parts, ", "), 300) + "}"
}

// attributeText renders an attribute for messages.
func attributeText(av ddbtypes.AttributeValue) string {
	switch a := av.(type) {
	case *ddbtypes.AttributeValueMemberS:
		return strconv.Quote(a.Value)
	case *ddbtypes.AttributeValueMemberN:
		return a.Value
	case *ddbtypes.AttributeValueMemberBOOL:
		return strconv.FormatBool(a.Value)
	case *ddbtypes.AttributeValueMemberNULL:
		return "null"
	case *ddbtypes.AttributeValueMemberB:
		return fmt.Sprintf("<%d bytes>", len(a.Value))
	}
	return fmt.Sprintf("%T", av)
}
