package dynamodb

import (
	"math"
	"reflect"
	"strings"
	"testing"

	ddbtypes "github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/sluice-sql/sluice/engine/types"
)

func ts(t *testing.T, s string) types.Value {
	t.Helper()
	v, err := types.ParseTimestampSQL(s)
	if err != nil {
		t.Fatal(err)
	}
	return types.TimestampValue(v)
}

func dec(t *testing.T, s string) types.Value {
	t.Helper()
	d, err := types.ParseDecimal(s)
	if err != nil {
		t.Fatal(err)
	}
	return types.DecimalValue(d)
}

// The expected forms are those of Flink's RowDataToAttributeValueConverterTest
// and the AWS enhanced client's converters.
func TestAttributeValue(t *testing.T) {
	tests := []struct {
		name string
		v    types.Value
		col  types.Type
		want ddbtypes.AttributeValue
	}{
		{"varchar", types.StringValue("some_var_char"), types.Varchar(13), &ddbtypes.AttributeValueMemberS{Value: "some_var_char"}},
		{"empty string", types.StringValue(""), types.String, &ddbtypes.AttributeValueMemberS{Value: ""}},
		{"boolean", types.BoolValue(true), types.Boolean, &ddbtypes.AttributeValueMemberBOOL{Value: true}},
		{"tinyint", types.IntValue(types.KindTinyInt, 5), types.TinyInt, &ddbtypes.AttributeValueMemberN{Value: "5"}},
		{"bigint", types.BigIntValue(4294967295), types.BigInt, &ddbtypes.AttributeValueMemberN{Value: "4294967295"}},
		{"negative bigint", types.BigIntValue(-1000000001), types.BigInt, &ddbtypes.AttributeValueMemberN{Value: "-1000000001"}},
		{"double", types.DoubleValue(1.23456789123456789e19), types.Double, &ddbtypes.AttributeValueMemberN{Value: "1.234567891234568E19"}},
		{"double whole", types.DoubleValue(12), types.Double, &ddbtypes.AttributeValueMemberN{Value: "12.0"}},
		{"decimal keeps scale", dec(t, "12.50"), types.DecimalType(10, 2), &ddbtypes.AttributeValueMemberN{Value: "12.50"}},
		{"decimal rescaled to column", dec(t, "1.001"), types.DecimalType(5, 4), &ddbtypes.AttributeValueMemberN{Value: "1.0010"}},
		{"decimal zero", dec(t, "0"), types.DecimalType(10, 2), &ddbtypes.AttributeValueMemberN{Value: "0.00"}},
		{"timestamp midnight", ts(t, "2022-11-10 00:00:00"), types.TimestampType(3), &ddbtypes.AttributeValueMemberS{Value: "2022-11-10T00:00"}},
		{"timestamp millis", ts(t, "2023-08-10 12:34:56.123"), types.TimestampType(3), &ddbtypes.AttributeValueMemberS{Value: "2023-08-10T12:34:56.123"}},
		{"timestamp tenths", ts(t, "2023-08-10 12:34:56.1"), types.TimestampType(3), &ddbtypes.AttributeValueMemberS{Value: "2023-08-10T12:34:56.100"}},
		{"timestamp micros", ts(t, "2023-08-10 12:34:56.123456"), types.TimestampType(6), &ddbtypes.AttributeValueMemberS{Value: "2023-08-10T12:34:56.123456"}},
		{"date", types.DateValue(19579), types.Date, &ddbtypes.AttributeValueMemberS{Value: "2023-08-10"}},
		{"timestamp_ltz", types.TimestampLTZValue(types.TimestampFromMilli(1691670896123)), types.TimestampLTZType(3), &ddbtypes.AttributeValueMemberS{Value: "2023-08-10T12:34:56.123Z"}},
		{"bytes", types.BytesValue([]byte{1, 2}), types.Bytes, &ddbtypes.AttributeValueMemberB{Value: []byte{1, 2}}},
		{"null", types.Null, types.String, &ddbtypes.AttributeValueMemberNULL{Value: true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := attributeValue(tt.v, tt.col)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %#v, want %#v", got, tt.want)
			}
		})
	}
}

func TestAttributeValueRejectsNonFiniteFloats(t *testing.T) {
	for _, f := range []float64{math.NaN(), math.Inf(1), math.Inf(-1)} {
		if _, err := attributeValue(types.DoubleValue(f), types.Double); err == nil {
			t.Errorf("%v: no error", f)
		}
	}
}

var testSchema = types.Schema{
	{Name: "account_id", Type: types.BigInt},
	{Name: "customer_id", Type: types.Varchar(15)},
	{Name: "transaction_id", Type: types.Varchar(16)},
	{Name: "transaction_date", Type: types.TimestampType(3)},
}

func TestRequest(t *testing.T) {
	row := func(k types.RowKind, customer types.Value) types.Row {
		return types.Row{Kind: k, Fields: []types.Value{types.BigIntValue(7), customer, types.StringValue("T1"), ts(t, "2023-08-10 12:34:56.123")}}
	}
	full := map[string]ddbtypes.AttributeValue{
		"account_id":       &ddbtypes.AttributeValueMemberN{Value: "7"},
		"customer_id":      &ddbtypes.AttributeValueMemberS{Value: "C7"},
		"transaction_id":   &ddbtypes.AttributeValueMemberS{Value: "T1"},
		"transaction_date": &ddbtypes.AttributeValueMemberS{Value: "2023-08-10T12:34:56.123"},
	}
	withNull := map[string]ddbtypes.AttributeValue{}
	for k, v := range full {
		withNull[k] = v
	}
	withNull["customer_id"] = &ddbtypes.AttributeValueMemberNULL{Value: true}
	withoutNull := map[string]ddbtypes.AttributeValue{}
	for k, v := range full {
		if k != "customer_id" {
			withoutNull[k] = v
		}
	}
	keyRow := func(id types.Value) types.Row {
		return types.Row{Kind: types.Insert, Fields: []types.Value{types.BigIntValue(7), types.StringValue("C7"), id, ts(t, "2023-08-10 12:34:56.123")}}
	}
	pk := []string{"transaction_id", "transaction_date"}
	tests := []struct {
		name       string
		row        types.Row
		ignoreNull bool
		pk         []string
		keys       []string // the DynamoDB table's key
		want       ddbtypes.WriteRequest
		err        string
	}{
		{name: "insert", row: row(types.Insert, types.StringValue("C7")), want: ddbtypes.WriteRequest{PutRequest: &ddbtypes.PutRequest{Item: full}}},
		{name: "update after", row: row(types.UpdateAfter, types.StringValue("C7")), want: ddbtypes.WriteRequest{PutRequest: &ddbtypes.PutRequest{Item: full}}},
		{name: "null", row: row(types.Insert, types.Null), want: ddbtypes.WriteRequest{PutRequest: &ddbtypes.PutRequest{Item: withNull}}},
		{name: "ignore nulls", row: row(types.Insert, types.Null), ignoreNull: true, want: ddbtypes.WriteRequest{PutRequest: &ddbtypes.PutRequest{Item: withoutNull}}},
		{name: "delete by primary key", row: row(types.Delete, types.StringValue("C7")), pk: pk, want: ddbtypes.WriteRequest{DeleteRequest: &ddbtypes.DeleteRequest{Key: map[string]ddbtypes.AttributeValue{
			"transaction_id": full["transaction_id"], "transaction_date": full["transaction_date"]}}}},
		{name: "delete without primary key", row: row(types.Delete, types.StringValue("C7")), err: "PRIMARY KEY on Table must be set"},
		{name: "update before", row: row(types.UpdateBefore, types.StringValue("C7")), err: errSkip.Error()},
		{name: "short row", row: types.Row{Fields: []types.Value{types.BigIntValue(1)}}, err: "row has 1 fields, table has 4 columns"},
		{name: "item key present", row: row(types.Insert, types.StringValue("C7")), keys: pk, want: ddbtypes.WriteRequest{PutRequest: &ddbtypes.PutRequest{Item: full}}},
		{name: "NULL key attribute", row: keyRow(types.Null), keys: pk, err: "key attribute 'transaction_id' is NULL;"},
		{name: "NULL key attribute left out", row: keyRow(types.Null), ignoreNull: true, keys: pk, err: "'transaction_id' is NULL and left out ('sink.ignore-nulls')"},
		{name: "empty key attribute", row: keyRow(types.StringValue("")), keys: pk, err: "'transaction_id' is an empty string"},
		{name: "delete key lacks a key attribute", row: row(types.Delete, types.StringValue("C7")), pk: []string{"transaction_id"}, keys: pk,
			err: "PRIMARY KEY columns, which lack 'transaction_date' of the DynamoDB table's key (transaction_id, transaction_date)"},
		{name: "delete key wider than the item key", row: row(types.Delete, types.StringValue("C7")), pk: pk, keys: []string{"transaction_id"},
			err: "PRIMARY KEY columns (transaction_date, transaction_id), but the DynamoDB table's key is (transaction_id) alone"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := newConverter(testSchema, tt.ignoreNull, tt.pk, tt.keys).request(tt.row)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("error %v, want %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %+v, want %+v", got, tt.want)
			}
		})
	}
}

func put(id, date, value string) ddbtypes.WriteRequest {
	item := map[string]ddbtypes.AttributeValue{"transaction_id": &ddbtypes.AttributeValueMemberS{Value: id}}
	if date != "" {
		item["transaction_date"] = &ddbtypes.AttributeValueMemberS{Value: date}
	}
	item["v"] = &ddbtypes.AttributeValueMemberS{Value: value}
	return ddbtypes.WriteRequest{PutRequest: &ddbtypes.PutRequest{Item: item}}
}

func del(id, date string) ddbtypes.WriteRequest {
	return ddbtypes.WriteRequest{DeleteRequest: &ddbtypes.DeleteRequest{Key: map[string]ddbtypes.AttributeValue{
		"transaction_id": &ddbtypes.AttributeValueMemberS{Value: id}, "transaction_date": &ddbtypes.AttributeValueMemberS{Value: date}}}}
}

func putN(n, value string) ddbtypes.WriteRequest {
	return ddbtypes.WriteRequest{PutRequest: &ddbtypes.PutRequest{Item: map[string]ddbtypes.AttributeValue{
		"n": &ddbtypes.AttributeValueMemberN{Value: n}, "v": &ddbtypes.AttributeValueMemberS{Value: value}}}}
}

func TestDedupe(t *testing.T) {
	keys := []string{"transaction_id", "transaction_date"}
	tests := []struct {
		name  string
		batch []ddbtypes.WriteRequest
		keys  []string
		want  []string // the "v" values left, in order
		err   string
	}{
		{name: "no keys keeps all", batch: []ddbtypes.WriteRequest{put("a", "1", "x"), put("a", "1", "y")}, want: []string{"x", "y"}},
		{name: "last wins", batch: []ddbtypes.WriteRequest{put("a", "1", "x"), put("b", "1", "y"), put("a", "1", "z")}, keys: keys, want: []string{"z", "y"}},
		{name: "distinct range keys", batch: []ddbtypes.WriteRequest{put("a", "1", "x"), put("a", "2", "y")}, keys: keys, want: []string{"x", "y"}},
		{name: "separator in values", batch: []ddbtypes.WriteRequest{put("a$", "b", "x"), put("a", "$b", "y")}, keys: keys, want: []string{"x", "y"}},
		{name: "missing key", batch: []ddbtypes.WriteRequest{put("a", "", "x")}, keys: keys, err: "does not contain partition key transaction_date"},
		{name: "blank key", batch: []ddbtypes.WriteRequest{put(" ", "1", "x")}, keys: keys, err: "contains empty key transaction_id"},
		{name: "put then delete: the delete wins", batch: []ddbtypes.WriteRequest{put("a", "1", "x"), put("b", "1", "y"), del("a", "1")}, keys: keys, want: []string{"<delete>", "y"}},
		{name: "numbers by value", batch: []ddbtypes.WriteRequest{putN("1.50", "x"), putN("1.5", "y"), putN("15", "z"), putN("1.5E0", "w")}, keys: []string{"n"}, want: []string{"w", "z"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := dedupe(tt.batch, tt.keys)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("error %v, want %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var vs []string
			for _, r := range got {
				if r.DeleteRequest != nil {
					vs = append(vs, "<delete>")
					continue
				}
				vs = append(vs, r.PutRequest.Item["v"].(*ddbtypes.AttributeValueMemberS).Value)
			}
			if !reflect.DeepEqual(vs, tt.want) {
				t.Errorf("got %v, want %v", vs, tt.want)
			}
		})
	}
}
