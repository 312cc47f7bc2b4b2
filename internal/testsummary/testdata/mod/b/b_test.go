// Package b panics in a test.
package b

import "testing"

func TestB(t *testing.T) {}

func TestPanic(t *testing.T) { panic("boom") }
