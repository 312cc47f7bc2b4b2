// Package c does not compile.
package c

import "testing"

func TestC(t *testing.T) { undefinedFunction() }
