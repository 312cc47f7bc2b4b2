// Package a fails in a subtest; testsummary's tests run it.
package a

import (
	"fmt"
	"os"
	"testing"
)

func TestOK(t *testing.T) { t.Log("passing test output") }

func TestFail(t *testing.T) {
	fmt.Fprintln(os.Stderr, "written to stderr by the failing test")
	t.Run("sub-ok", func(t *testing.T) { t.Log("passing subtest output") })
	t.Run("sub-bad", func(t *testing.T) { t.Error("the subtest failed here") })
}

func TestSkip(t *testing.T) { t.Skip("skip reason") }
