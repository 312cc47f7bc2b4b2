// Command testsummary reads `go test -json` and prints what `go test`
// prints — each package's result line, and the output of the tests that
// fail, whole — then, with -total, one summary of one or more runs:
//
//	go test -json ./... 2>&1 | testsummary -save unit.json
//	testsummary -total unit.json integration.json
//
// The summary's last line is "tests: N passed, N failed, N skipped", the
// line before it counts packages. scripts/test.sh ends `make test` with it.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("testsummary", flag.ContinueOnError)
	fs.SetOutput(stderr)
	verbose := fs.Bool("v", false, "print every line of output as it comes, as go test -v does")
	save := fs.String("save", "", "also write the JSON stream read to this file (for -total)")
	total := fs.Bool("total", false, "read the files named as arguments and print only the summary")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *total {
		var r report
		for _, name := range fs.Args() {
			if err := r.readFile(name); err != nil {
				fmt.Fprintln(stderr, "testsummary:", err)
				return 1
			}
		}
		r.summary(stdout)
		return 0
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "testsummary: unexpected arguments %q (only -total takes files)\n", fs.Args())
		return 2
	}
	in := stdin
	if *save != "" {
		f, err := os.Create(*save)
		if err != nil {
			fmt.Fprintln(stderr, "testsummary:", err)
			return 1
		}
		defer f.Close()
		in = io.TeeReader(stdin, f)
	}
	// Unbuffered: the long integration tests' -v lines show as they come.
	r := report{out: stdout, verbose: *verbose}
	if err := r.read(in); err != nil {
		fmt.Fprintln(stderr, "testsummary:", err)
		return 1
	}
	if r.failed() {
		return 1
	}
	return 0
}
