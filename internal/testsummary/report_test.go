package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// goTestJSON runs the real `go test -json` on packages of testdata/mod:
// a failing subtest (a), a panic (b), a compile error (c), a passing
// package (d) and one without tests (e).
func goTestJSON(t *testing.T, pkgs ...string) []byte {
	t.Helper()
	cmd := exec.Command("go", append([]string{"test", "-json", "-count=1", "-p", "2"}, pkgs...)...)
	cmd.Dir = filepath.Join("testdata", "mod")
	cmd.Env = append(os.Environ(), "GOFLAGS=", "GOWORK=off")
	out, _ := cmd.CombinedOutput() // fails: some packages fail
	return out
}

func TestFailingRun(t *testing.T) {
	stream := goTestJSON(t, "./...")
	var out, errs bytes.Buffer
	if code := run(nil, bytes.NewReader(stream), &out, &errs); code != 1 {
		t.Errorf("exit %d, want 1 (stderr %s)", code, &errs)
	}
	got := out.String()
	for _, want := range []string{
		"=== RUN   TestFail/sub-bad\n", "the subtest failed here", "--- FAIL: TestFail/sub-bad", "--- FAIL: TestFail ",
		"written to stderr by the failing test", "FAIL\texample.com/testsummary/a\t",
		"--- FAIL: TestPanic", "panic: boom", "FAIL\texample.com/testsummary/b\t",
		"undefined: undefinedFunction", "FAIL\texample.com/testsummary/c [build failed]",
		"ok  \texample.com/testsummary/d\t", "?   \texample.com/testsummary/e\t[no test files]",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("output lacks %q:\n%s", want, got)
		}
	}
	// As go test without -v: nothing of the tests that passed or skipped.
	for _, hidden := range []string{"passing test output", "passing subtest output", "skip reason", "=== RUN   TestOK", "--- PASS", "\nPASS\n"} {
		if strings.Contains(got, hidden) {
			t.Errorf("output shows %q:\n%s", hidden, got)
		}
	}
	// A package's output is in one piece although packages ran in parallel.
	a := got[strings.Index(got, "=== RUN   TestFail\n"):strings.Index(got, "FAIL\texample.com/testsummary/a\t")]
	if strings.Contains(a, "testsummary/b") || strings.Contains(a, "TestPanic") {
		t.Errorf("package b's output inside package a's:\n%s", a)
	}

	saved := filepath.Join(t.TempDir(), "run.json")
	if code := run([]string{"-save", saved}, bytes.NewReader(stream), &bytes.Buffer{}, &errs); code != 1 {
		t.Fatalf("-save: exit %d (%s)", code, &errs)
	}
	out.Reset()
	if code := run([]string{"-total", saved, saved}, nil, &out, &errs); code != 0 {
		t.Fatalf("-total: exit %d (%s)", code, &errs)
	}
	lines := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
	last := lines[len(lines)-1]
	// Twice the same run: every count doubles.
	if last != "tests: 8 passed, 6 failed, 2 skipped" || lines[len(lines)-2] != "packages: 2 ok, 6 failed, 2 without tests" {
		t.Errorf("summary:\n%s", &out)
	}
	if !regexp.MustCompile(`^(\w+: )?\d+ passed, \d+ failed(, \d+ skipped)?$`).MatchString(last) {
		t.Errorf("last line %q is not 'N passed, N failed, N skipped'", last)
	}
	for _, want := range []string{"FAILED:\n", "  example.com/testsummary/a TestFail/sub-bad\n", "  example.com/testsummary/b TestPanic\n",
		"  example.com/testsummary/c (the package failed; see its output)\n"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("summary lacks %q:\n%s", want, &out)
		}
	}
}

func TestPassingRun(t *testing.T) {
	stream := goTestJSON(t, "./d", "./e")
	var out, errs bytes.Buffer
	if code := run([]string{"-v"}, bytes.NewReader(stream), &out, &errs); code != 0 {
		t.Fatalf("exit %d (%s):\n%s", code, &errs, &out)
	}
	// -v prints everything, as go test -v.
	for _, want := range []string{"=== RUN   TestD", "passing test output", "--- PASS: TestD", "ok  \texample.com/testsummary/d"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("-v output lacks %q:\n%s", want, &out)
		}
	}
	saved := filepath.Join(t.TempDir(), "run.json")
	if code := run([]string{"-save", saved}, bytes.NewReader(stream), &bytes.Buffer{}, &errs); code != 0 {
		t.Fatalf("-save: exit %d", code)
	}
	out.Reset()
	run([]string{"-total", saved}, nil, &out, &errs)
	if want := "packages: 1 ok, 0 failed, 1 without tests\ntests: 1 passed, 0 failed, 0 skipped\n"; out.String() != want {
		t.Errorf("summary %q, want %q", &out, want)
	}
}

// Lines that are not events (the go command's own errors, go vet) are
// printed as they are.
func TestNonJSONLines(t *testing.T) {
	var out bytes.Buffer
	in := "go: downloading example.com/x v1.0.0\n{\"Action\":\"output\",\"Package\":\"p\",\"Output\":\"ok  \\tp\\t0.1s\\n\"}\n{\"Action\":\"pass\",\"Package\":\"p\"}\nno JSON {here\n"
	run(nil, strings.NewReader(in), &out, &bytes.Buffer{})
	if want := "go: downloading example.com/x v1.0.0\nok  \tp\t0.1s\nno JSON {here\n"; out.String() != want {
		t.Errorf("%q, want %q", &out, want)
	}
}
