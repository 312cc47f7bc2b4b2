package dynamodb

import (
	"errors"
	"fmt"
	"math"
	"math/big"
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
	// itemKeys are the DynamoDB table's key attributes (nil: not checked).
	itemKeys []string
}

func newConverter(schema types.Schema, ignoreNull bool, deleteKeys, itemKeys []string) *converter {
	c := &converter{schema: schema, ignoreNull: ignoreNull, itemKeys: itemKeys}
	for _, k := range deleteKeys {
		c.deleteIdx = append(c.deleteIdx, schema.Index(k))
	}
	return c
}

// checkKey fails a request that lacks a key attribute or has an empty one,
// which DynamoDB would reject with the whole batch; here the row is named.
func (c *converter) checkKey(req ddbtypes.WriteRequest) error {
	attrs := requestAttributes(req)
	for _, k := range c.itemKeys {
		av, ok := attrs[k]
		switch {
		case !ok && req.DeleteRequest != nil:
			return fmt.Errorf("a delete's key holds the PRIMARY KEY columns, which lack '%s' of the DynamoDB table's key (%s)", k, strings.Join(c.itemKeys, ", "))
		case !ok:
			return fmt.Errorf("key attribute '%s' is NULL and left out ('sink.ignore-nulls'); DynamoDB items need every key attribute", k)
		}
		switch a := av.(type) {
		case *ddbtypes.AttributeValueMemberNULL:
			return fmt.Errorf("key attribute '%s' is NULL; DynamoDB items need every key attribute", k)
		case *ddbtypes.AttributeValueMemberS:
			if a.Value == "" {
				return fmt.Errorf("key attribute '%s' is an empty string, which DynamoDB rejects in a key", k)
			}
		case *ddbtypes.AttributeValueMemberB:
			if len(a.Value) == 0 {
				return fmt.Errorf("key attribute '%s' is empty, which DynamoDB rejects in a key", k)
			}
		}
	}
	if req.DeleteRequest != nil && len(c.itemKeys) > 0 && len(attrs) != len(c.itemKeys) {
		return fmt.Errorf("a delete's key holds the PRIMARY KEY columns (%s), but the DynamoDB table's key is (%s) alone",
			strings.Join(sortedNames(attrs), ", "), strings.Join(c.itemKeys, ", "))
	}
	return nil
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
		req := ddbtypes.WriteRequest{PutRequest: &ddbtypes.PutRequest{Item: item}}
		return req, c.checkKey(req)
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
		req := ddbtypes.WriteRequest{DeleteRequest: &ddbtypes.DeleteRequest{Key: key}}
		return req, c.checkKey(req)
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

// keyText is PrimaryKeyBuilder.getKeyValue: the N, S or B of a key
// attribute. A number is in one canonical form, as DynamoDB compares
// numbers by value ("1.50" and "1.5" name one item).
func keyText(av ddbtypes.AttributeValue) string {
	switch a := av.(type) {
	case *ddbtypes.AttributeValueMemberN:
		return canonicalNumber(a.Value)
	case *ddbtypes.AttributeValueMemberS:
		return a.Value
	case *ddbtypes.AttributeValueMemberB:
		return string(a.Value)
	}
	return ""
}

// canonicalNumber returns integers without leading zeros as they are and
// other numbers as exact fractions.
func canonicalNumber(s string) string {
	digits := strings.TrimPrefix(s, "-")
	if digits != "" && digits != "0" && digits[0] != '0' && strings.Trim(digits, "0123456789") == "" {
		return s
	}
	if r, ok := new(big.Rat).SetString(s); ok {
		return r.RatString()
	}
	return s
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
		names = sortedNames(attrs)
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

func sortedNames(attrs map[string]ddbtypes.AttributeValue) []string {
	names := make([]string, 0, len(attrs))
	for n := range attrs {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
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
