// Package e has no tests.
package e
