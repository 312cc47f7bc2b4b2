package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
)

// event is one line of `go test -json` (cmd/test2json), build events
// included.
type event struct {
	Action     string
	Package    string
	ImportPath string
	Test       string
	Output     string
}

// line is one output line of a package, with the (sub)test it belongs to
// ("" for the package's own lines).
type line struct {
	test, text string
}

// pkgOutput holds a package's output until its result: packages run in
// parallel, and go test prints each one's output in one piece.
type pkgOutput struct {
	lines    []line
	failed   map[string]bool // tests and subtests that failed
	finished map[string]bool // tests and subtests with a result
}

// report prints a stream of events as go test does and counts results.
type report struct {
	out     io.Writer // nil: count only
	verbose bool

	pkgs                      map[string]*pkgOutput
	pkgOK, pkgFailed, pkgNone int
	passed, failedN, skipped  int
	failures                  []string // "package Test" of each failed test, and packages that failed as a whole
}

func (r *report) failed() bool { return r.pkgFailed > 0 || r.failedN > 0 }

func (r *report) readFile(name string) error {
	f, err := os.Open(name)
	if err != nil {
		return err
	}
	defer f.Close()
	return r.read(f)
}

// read consumes a stream; a line that is not an event (an error of the go
// command, go vet's output) is printed as it is.
func (r *report) read(in io.Reader) error {
	sc := bufio.NewScanner(in)
	sc.Buffer(make([]byte, 0, 64<<10), 64<<20)
	for sc.Scan() {
		var ev event
		b := sc.Bytes()
		if len(b) == 0 || b[0] != '{' || json.Unmarshal(b, &ev) != nil || ev.Action == "" {
			r.print(string(b) + "\n")
			continue
		}
		r.event(ev)
	}
	return sc.Err()
}

func (r *report) print(s string) {
	if r.out != nil {
		io.WriteString(r.out, s)
	}
}

func (r *report) pkg(name string) *pkgOutput {
	if r.pkgs == nil {
		r.pkgs = map[string]*pkgOutput{}
	}
	p := r.pkgs[name]
	if p == nil {
		p = &pkgOutput{failed: map[string]bool{}, finished: map[string]bool{}}
		r.pkgs[name] = p
	}
	return p
}

func (r *report) event(ev event) {
	switch ev.Action {
	case "build-output":
		// A compile error: go test prints it at once, before the results.
		r.print(ev.Output)
		return
	case "output":
		if r.verbose {
			r.print(ev.Output)
			return
		}
		p := r.pkg(ev.Package)
		p.lines = append(p.lines, line{test: ev.Test, text: ev.Output})
		return
	case "pass", "fail", "skip":
	default:
		return
	}
	if ev.Test != "" {
		r.testResult(ev)
		return
	}
	switch ev.Action {
	case "pass":
		r.pkgOK++
	case "skip":
		r.pkgNone++
	case "fail":
		r.pkgFailed++
		if p := r.pkgs[ev.Package]; p == nil || len(p.failed) == 0 {
			r.failures = append(r.failures, ev.Package+" (the package failed; see its output)")
		}
	}
	r.flush(ev.Package, ev.Action == "fail")
}

func (r *report) testResult(ev event) {
	p := r.pkg(ev.Package)
	switch ev.Action {
	case "pass":
		r.passed++
	case "skip":
		r.skipped++
	case "fail":
		r.failedN++
		r.failures = append(r.failures, ev.Package+" "+ev.Test)
		p.failed[ev.Test] = true
	}
	p.finished[ev.Test] = true
}

// flush prints a finished package's output as go test does without -v:
// the package's own lines, and the whole output of each failed test or
// subtest, as go test -v prints it (=== RUN lines included, passing
// subtests left out).
// When the package failed, tests that never finished (a panic, a timeout)
// are printed too.
func (r *report) flush(pkg string, pkgFailed bool) {
	p := r.pkgs[pkg]
	delete(r.pkgs, pkg)
	if p == nil || r.verbose {
		return
	}
	for _, l := range p.lines {
		show := false
		switch {
		case l.test == "":
			// go test drops the test binary's PASS line of a package that passed.
			show = l.text != "PASS\n"
		case p.failed[l.test], pkgFailed && !p.finished[l.test]:
			show = true
		}
		if show {
			r.print(l.text)
		}
	}
}

// summary prints the failed tests, then the counts; the last line is
// "tests: N passed, N failed, N skipped".
func (r *report) summary(w io.Writer) {
	if len(r.failures) > 0 {
		fmt.Fprintln(w, "FAILED:")
		for _, f := range r.failures {
			fmt.Fprintln(w, "  "+f)
		}
	}
	fmt.Fprintf(w, "packages: %d ok, %d failed, %d without tests\n", r.pkgOK, r.pkgFailed, r.pkgNone)
	fmt.Fprintf(w, "tests: %d passed, %d failed, %d skipped\n", r.passed, r.failedN, r.skipped)
}
