// Package testserver finds the real servers the tests talk to (DynamoDB
// Local, an S3-compatible server, Apache Kafka), which the repo's scripts
// start and `make test` exports. A test never passes silently without its
// server: it fails saying how to start one, or skips only when the skip
// variable gives a reason.
package testserver

import (
	"os"
	"testing"
)

// Server describes one kind of test server.
type Server struct {
	// What names the server in messages: "a DynamoDB-compatible server".
	What string
	// EnvAddr holds its address (an endpoint URL or host:port).
	EnvAddr string
	// EnvSkip, set to a reason, skips the tests that need it.
	EnvSkip string
	// Script starts it: "scripts/dynamodb-local.sh"; it has start and url.
	Script string
}

// Addr returns the server's address from s.EnvAddr. Without one the test
// is skipped when s.EnvSkip gives a reason, and fails otherwise.
func (s Server) Addr(t testing.TB) string {
	t.Helper()
	if addr := os.Getenv(s.EnvAddr); addr != "" {
		return addr
	}
	if reason := os.Getenv(s.EnvSkip); reason != "" {
		t.Skipf("SKIPPED: this test needs %s: %s=%s", s.What, s.EnvSkip, reason)
	}
	t.Fatalf("this test needs %s and %s is not set.\n"+
		"Start one and point the tests at it:\n\n"+
		"    %s start\n"+
		"    export %s=$(%s url)\n\n"+
		"(`make test` does this), or set %s=<reason> to skip these tests.",
		s.What, s.EnvAddr, s.Script, s.EnvAddr, s.Script, s.EnvSkip)
	return ""
}
