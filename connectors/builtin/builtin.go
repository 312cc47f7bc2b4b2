// Package builtin assembles the connectors and formats that ship with Sluice.
package builtin

import (
	"io"

	"github.com/sluice-sql/sluice/connectors"
	"github.com/sluice-sql/sluice/connectors/blackhole"
	"github.com/sluice-sql/sluice/connectors/dynamodb"
	"github.com/sluice-sql/sluice/connectors/filesystem"
	"github.com/sluice-sql/sluice/connectors/formats"
	"github.com/sluice-sql/sluice/connectors/formats/json"
	"github.com/sluice-sql/sluice/connectors/kafka"
	"github.com/sluice-sql/sluice/connectors/print"
)

// Registry returns every built-in connector; the print sink writes to stdout
// or stderr ('standard-error').
func Registry(stdout, stderr io.Writer) *connectors.Registry {
	fmts := formats.NewRegistry(json.Factory{})
	return connectors.NewRegistry(fmts,
		kafka.Factory{},
		print.New(stdout, stderr),
		filesystem.Factory{},
		blackhole.Factory{},
		dynamodb.Factory{},
	)
}
