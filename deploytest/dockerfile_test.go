package deploytest

import (
	"encoding/json"
	"os/exec"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/sluice-sql/sluice/engine/config"
	"github.com/sluice-sql/sluice/engine/job"
)

// instruction is one Dockerfile instruction, continuation lines joined.
type instruction struct {
	stage int    // index of the FROM it belongs to
	cmd   string // upper-cased: FROM, RUN, COPY, …
	args  string
	line  int
}

type stage struct {
	image, name string
}

func parseDockerfile(t *testing.T, src string) ([]stage, []instruction) {
	t.Helper()
	var stages []stage
	var out []instruction
	lines := strings.Split(src, "\n")
	for i := 0; i < len(lines); i++ {
		start := i + 1
		text := strings.TrimSpace(lines[i])
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		for strings.HasSuffix(text, `\`) && i+1 < len(lines) {
			text = strings.TrimSuffix(text, `\`)
			i++
			next := strings.TrimSpace(lines[i])
			if strings.HasPrefix(next, "#") {
				continue
			}
			text += " " + next
		}
		cmd, args, _ := strings.Cut(text, " ")
		cmd = strings.ToUpper(cmd)
		args = strings.TrimSpace(args)
		if cmd == "FROM" {
			f := strings.Fields(args)
			st := stage{image: f[0]}
			if len(f) == 3 && strings.EqualFold(f[1], "AS") {
				st.name = f[2]
			} else if len(f) != 1 {
				t.Fatalf("Dockerfile:%d: unexpected FROM %q", start, args)
			}
			stages = append(stages, st)
		}
		if len(stages) == 0 {
			t.Fatalf("Dockerfile:%d: %s before FROM", start, cmd)
		}
		out = append(out, instruction{stage: len(stages) - 1, cmd: cmd, args: args, line: start})
	}
	return stages, out
}

// copySpec is a COPY's flags, sources and destination.
type copySpec struct {
	from  string
	chown string // --chown's user[:group], "" for root
	srcs  []string
	dest  string
	line  int
	stage int
}

func copies(t *testing.T, ins []instruction) []copySpec {
	t.Helper()
	var out []copySpec
	for _, in := range ins {
		if in.cmd == "ADD" {
			t.Errorf("Dockerfile:%d: ADD; use COPY", in.line)
		}
		if in.cmd != "COPY" {
			continue
		}
		c := copySpec{line: in.line, stage: in.stage}
		var words []string
		for _, w := range strings.Fields(in.args) {
			switch {
			case strings.HasPrefix(w, "--from="):
				c.from = strings.TrimPrefix(w, "--from=")
			case strings.HasPrefix(w, "--chown="):
				c.chown = strings.TrimPrefix(w, "--chown=")
			case strings.HasPrefix(w, "--"):
				// --chmod, --link: no effect on what is copied.
			default:
				words = append(words, w)
			}
		}
		if len(words) < 2 {
			t.Fatalf("Dockerfile:%d: COPY needs a source and a destination", in.line)
		}
		c.srcs, c.dest = words[:len(words)-1], words[len(words)-1]
		out = append(out, c)
	}
	return out
}

// copyTarget is where src lands for a COPY to dest (Docker's rule: a
// destination ending in / is a directory).
func copyTarget(src, dest string) string {
	if strings.HasSuffix(dest, "/") {
		return path.Join(dest, path.Base(src))
	}
	return dest
}

func lastOf(ins []instruction, stage int, cmd string) (instruction, bool) {
	var found instruction
	ok := false
	for _, in := range ins {
		if in.stage == stage && in.cmd == cmd {
			found, ok = in, true
		}
	}
	return found, ok
}

// pinned reports whether an image reference names an explicit tag or digest
// other than latest.
func pinned(ref string) bool {
	if strings.Contains(ref, "@sha256:") {
		return true
	}
	name := ref[strings.LastIndex(ref, "/")+1:]
	_, tag, ok := strings.Cut(name, ":")
	return ok && tag != "" && tag != "latest" && !strings.Contains(tag, "$")
}

type dockerImage struct {
	stages   []stage
	ins      []instruction
	copies   []copySpec
	final    int
	workdir  string
	filesAt  map[string]string // image path → repository file, for COPYs from the context
	binaries map[string]string // image path → build-stage output
	// buildDirs are the directories the build stage creates (RUN mkdir -p).
	buildDirs map[string]bool
}

func loadDockerfile(t *testing.T) dockerImage {
	t.Helper()
	stages, ins := parseDockerfile(t, readRepoFile(t, "Dockerfile"))
	if len(stages) < 2 {
		t.Fatalf("Dockerfile: %d stages, want a build stage and a runtime stage", len(stages))
	}
	img := dockerImage{stages: stages, ins: ins, copies: copies(t, ins), final: len(stages) - 1,
		filesAt: map[string]string{}, binaries: map[string]string{}, buildDirs: map[string]bool{}}
	mkdir := regexp.MustCompile(`mkdir -p((?:\s+/[^\s&;]+)+)`)
	for _, in := range ins {
		if in.stage == img.final || in.cmd != "RUN" {
			continue
		}
		for _, m := range mkdir.FindAllStringSubmatch(in.args, -1) {
			for _, d := range strings.Fields(m[1]) {
				for ; d != "/"; d = path.Dir(d) {
					img.buildDirs[d] = true
				}
			}
		}
	}
	if w, ok := lastOf(ins, img.final, "WORKDIR"); ok {
		img.workdir = w.args
	}
	for _, c := range img.copies {
		if c.stage != img.final {
			continue
		}
		for _, s := range c.srcs {
			dst := copyTarget(s, c.dest)
			if !path.IsAbs(dst) {
				dst = path.Join(img.workdir, dst)
			}
			if c.from == "" {
				img.filesAt[dst] = s
			} else {
				img.binaries[dst] = s
			}
		}
	}
	return img
}

func TestDockerfileStages(t *testing.T) {
	img := loadDockerfile(t)
	for i, st := range img.stages {
		if !pinned(st.image) {
			t.Errorf("stage %d: image %q has no explicit tag", i, st.image)
		}
	}
	build := img.stages[0]
	if build.name != "build" || !strings.HasPrefix(build.image, "golang:") {
		t.Errorf("first stage = %+v, want the official Go image AS build", build)
	}
	// The build image's Go is the go.mod's language version.
	gomod := readRepoFile(t, "go.mod")
	m := regexp.MustCompile(`(?m)^go (\d+\.\d+)`).FindStringSubmatch(gomod)
	if m == nil || !strings.HasPrefix(build.image, "golang:"+m[1]+"-") {
		t.Errorf("build image %q does not match go.mod's go %v", build.image, m)
	}
	// The binaries link glibc dynamically: build and runtime are both Debian 12.
	runtimeImg := img.stages[img.final].image
	debian12 := func(s string) bool { return strings.Contains(s, "bookworm") || strings.Contains(s, "debian12") }
	if !debian12(build.image) || !debian12(runtimeImg) {
		t.Errorf("build %q and runtime %q must both be Debian 12 (bookworm) for glibc compatibility", build.image, runtimeImg)
	}
	if strings.Contains(runtimeImg, "static") || strings.Contains(runtimeImg, "scratch") || strings.Contains(runtimeImg, "alpine") {
		t.Errorf("runtime image %q has no glibc", runtimeImg)
	}
}

func TestDockerfileBuild(t *testing.T) {
	img := loadDockerfile(t)
	cgo := false
	outputs := map[string]string{} // -o path → package
	buildRe := regexp.MustCompile(`go build ([^&;]*?)-o (\S+) (\./cmd/\w+)`)
	for _, in := range img.ins {
		if in.stage == img.final {
			continue
		}
		if (in.cmd == "ENV" || in.cmd == "RUN") && strings.Contains(in.args, "CGO_ENABLED=1") {
			cgo = true
		}
		if in.cmd != "RUN" {
			continue
		}
		for _, m := range buildRe.FindAllStringSubmatch(in.args, -1) {
			flags := m[1]
			if !strings.Contains(flags, "-trimpath") || !strings.Contains(flags, "-ldflags='-s -w'") {
				t.Errorf("Dockerfile:%d: go build %s lacks -trimpath or -ldflags='-s -w'", in.line, m[3])
			}
			outputs[m[2]] = m[3]
		}
	}
	if !cgo {
		t.Error("the build stage does not set CGO_ENABLED=1 (librdkafka is linked through cgo)")
	}
	want := map[string]bool{"./cmd/sluice": false, "./cmd/txgen": false}
	for _, pkg := range outputs {
		if _, ok := want[pkg]; ok {
			want[pkg] = true
		}
		if !repoFileExists(strings.TrimPrefix(pkg, "./") + "/main.go") {
			t.Errorf("go build %s: no such command in the repository", pkg)
		}
	}
	for pkg, built := range want {
		if !built {
			t.Errorf("the build stage does not build %s", pkg)
		}
	}
	// The runtime stage copies exactly what the build produced.
	for dst, src := range img.binaries {
		if _, ok := outputs[src]; !ok && !img.buildDirs[src] {
			t.Errorf("runtime COPY --from=build %s → %s: the build stage writes no such file (it writes %v and the directories %v)", src, dst, outputs, img.buildDirs)
		}
	}
	for _, name := range []string{"sluice", "txgen"} {
		if _, ok := img.binaries["/usr/local/bin/"+name]; !ok {
			t.Errorf("the image has no /usr/local/bin/%s (binaries: %v)", name, img.binaries)
		}
	}
}

func TestDockerfileRuntime(t *testing.T) {
	img := loadDockerfile(t)
	get := func(cmd string) string {
		in, ok := lastOf(img.ins, img.final, cmd)
		if !ok {
			t.Errorf("runtime stage has no %s", cmd)
		}
		return in.args
	}
	jsonArray := func(cmd string) []string {
		var v []string
		if err := json.Unmarshal([]byte(get(cmd)), &v); err != nil {
			t.Errorf("%s %s: not the exec (JSON array) form: %v", cmd, get(cmd), err)
		}
		return v
	}
	if img.workdir != "/opt/sluice" {
		t.Errorf("WORKDIR = %q, want /opt/sluice", img.workdir)
	}
	if u := get("USER"); u == "" || u == "root" || u == "0" || strings.HasPrefix(u, "root:") || strings.HasPrefix(u, "0:") {
		t.Errorf("USER = %q, want a non-root user", u)
	}
	if !regexp.MustCompile(`(^|\s)SLUICE_LOG_FORMAT=json(\s|$)`).MatchString(get("ENV")) {
		t.Errorf("ENV %q does not set SLUICE_LOG_FORMAT=json", get("ENV"))
	}
	// The job's server listens on every interface of the container, on the
	// port it exposes: the binary's default is loopback only.
	if m := regexp.MustCompile(`(^|\s)SLUICE_HTTP_ADDR=(\S+)`).FindStringSubmatch(get("ENV")); m == nil || !everyInterface(m[2], get("EXPOSE")) {
		t.Errorf("ENV %q does not set SLUICE_HTTP_ADDR to 0.0.0.0 on the EXPOSEd port %q", get("ENV"), get("EXPOSE"))
	}
	if s := get("STOPSIGNAL"); s != "SIGTERM" {
		t.Errorf("STOPSIGNAL = %q, want SIGTERM", s)
	}
	ep, cmd := jsonArray("ENTRYPOINT"), jsonArray("CMD")
	if len(ep) != 1 || ep[0] != "/usr/local/bin/sluice" {
		t.Errorf("ENTRYPOINT = %q, want [/usr/local/bin/sluice]", ep)
	}
	if len(cmd) != 1 || cmd[0] != "run" {
		t.Errorf("CMD = %q, want [run]", cmd)
	}
	// What the default command reads: the properties where Managed Flink puts
	// them, and the SQL file they name.
	propsSrc, ok := img.filesAt[job.DefaultPropertiesPath]
	if !ok {
		t.Fatalf("the image has nothing at %s (files: %v)", job.DefaultPropertiesPath, img.filesAt)
	}
	if propsSrc != "deploy/application_properties.docker.json" {
		t.Errorf("%s comes from %s, want deploy/application_properties.docker.json", job.DefaultPropertiesPath, propsSrc)
	}
	props, err := config.LoadFile(filepath.Join(root, propsSrc), nil)
	if err != nil {
		t.Fatal(err)
	}
	sqlPath, ok := props.Get(config.RunOptionsGroup, "sql")
	if !ok || !path.IsAbs(sqlPath) {
		t.Fatalf("%s: the run options' sql = %q, want an absolute path in the image", propsSrc, sqlPath)
	}
	sqlSrc, ok := img.filesAt[sqlPath]
	if !ok {
		t.Fatalf("%s names %s, which the image does not have (files: %v)", propsSrc, sqlPath, img.filesAt)
	}
	if _, ok := img.filesAt[path.Join(img.workdir, "configs/ddb.json")]; !ok {
		t.Errorf("the image has no %s/configs/ddb.json", img.workdir)
	}
	// The default job of the image plans: `sluice explain` as the image runs
	// it, with the SQL path mapped back to the repository.
	r := run(t, nil, sluiceBin, "explain", "--sql", sqlSrc, "--properties", propsSrc)
	if r.code != 0 {
		t.Fatalf("sluice explain --sql %s --properties %s: exit %d\n%s", sqlSrc, propsSrc, r.code, r.stderr)
	}
	for _, want := range []string{"connector=[kafka], topic=[flagged-transactions]", "table=[sink_print], connector=[blackhole]"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("the image's default plan lacks %q:\n%s", want, r.stdout)
		}
	}
	for _, group := range []string{"consumer.config.0", "consumer.config.1", "producer.config.0"} {
		if v, _ := props.Get(group, "bootstrap.servers"); v != "kafka-0:9092" {
			t.Errorf("%s: %s bootstrap.servers = %q, want kafka-0:9092", propsSrc, group, v)
		}
	}
}

func TestDockerfileCopiesExist(t *testing.T) {
	img := loadDockerfile(t)
	ignore := loadDockerignore(t)
	n := 0
	for _, c := range img.copies {
		if c.from != "" {
			continue
		}
		for _, s := range c.srcs {
			n++
			if s == "." || s == "./" {
				continue
			}
			if strings.ContainsAny(s, "*?[") {
				t.Errorf("Dockerfile:%d: COPY %s: globs are not checked, name files", c.line, s)
				continue
			}
			if !repoFileExists(s) {
				t.Errorf("Dockerfile:%d: COPY %s: no such file in the repository", c.line, s)
			}
			if ignore.excluded(s) {
				t.Errorf("Dockerfile:%d: COPY %s: excluded from the build context by .dockerignore", c.line, s)
			}
		}
	}
	if n < 5 {
		t.Errorf("only %d COPY sources from the build context; the parser missed some", n)
	}
}

// TestDockerignoreKeepsSources: every file `go build` needs for the two
// commands is in the build context.
func TestDockerignoreKeepsSources(t *testing.T) {
	ignore := loadDockerignore(t)
	abs, err := filepath.Abs(root)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("go", "list", "-deps",
		"-f", `{{if .Module}}{{if .Module.Main}}{{.Dir}}{{range .GoFiles}} {{.}}{{end}}{{range .CgoFiles}} {{.}}{{end}}{{range .EmbedFiles}} {{.}}{{end}}{{end}}{{end}}`,
		"./cmd/sluice", "./cmd/txgen")
	cmd.Dir = root
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	files := []string{"go.mod", "go.sum"}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		f := strings.Fields(line)
		if len(f) == 0 {
			continue
		}
		rel, err := filepath.Rel(abs, f[0])
		if err != nil {
			t.Fatal(err)
		}
		for _, name := range f[1:] {
			files = append(files, filepath.ToSlash(filepath.Join(rel, name)))
		}
	}
	if len(files) < 20 {
		t.Fatalf("go list found only %d source files: %v", len(files), files)
	}
	for _, f := range files {
		if ignore.excluded(f) {
			t.Errorf(".dockerignore excludes %s, which the build needs", f)
		}
	}
	// And it does keep the repository's history and local builds out.
	for _, f := range []string{".git/HEAD", "bin/sluice"} {
		if !ignore.excluded(f) {
			t.Errorf(".dockerignore does not exclude %s", f)
		}
	}
}

// dockerignore holds .dockerignore's patterns, matched as Docker does: a
// pattern matches a path or any of its parent directories; * and ? stay
// within one path element, ** spans any number; ! re-includes; the last
// matching pattern wins.
type dockerignore struct {
	pats []ignorePattern
}

type ignorePattern struct {
	re     *regexp.Regexp
	negate bool
}

func loadDockerignore(t *testing.T) dockerignore {
	t.Helper()
	return parseIgnoreLines(readRepoFile(t, ".dockerignore"))
}

func parseIgnoreLines(text string) dockerignore {
	var d dockerignore
	for _, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		p := ignorePattern{}
		if strings.HasPrefix(line, "!") {
			p.negate, line = true, line[1:]
		}
		line = strings.TrimSuffix(strings.TrimPrefix(path.Clean("/"+line), "/"), "/")
		var re strings.Builder
		re.WriteString("^")
		for i := 0; i < len(line); i++ {
			switch c := line[i]; {
			case c == '*' && i+1 < len(line) && line[i+1] == '*':
				i++
				if i+1 < len(line) && line[i+1] == '/' {
					i++
					re.WriteString("(.*/)?")
				} else {
					re.WriteString(".*")
				}
			case c == '*':
				re.WriteString("[^/]*")
			case c == '?':
				re.WriteString("[^/]")
			default:
				re.WriteString(regexp.QuoteMeta(string(c)))
			}
		}
		re.WriteString("$")
		p.re = regexp.MustCompile(re.String())
		d.pats = append(d.pats, p)
	}
	return d
}

func (d dockerignore) excluded(rel string) bool {
	rel = path.Clean(filepath.ToSlash(rel))
	// The path and each parent directory.
	var cands []string
	for p := rel; p != "." && p != "/"; p = path.Dir(p) {
		cands = append(cands, p)
	}
	ex := false
	for _, p := range d.pats {
		for _, c := range cands {
			if p.re.MatchString(c) {
				ex = !p.negate
				break
			}
		}
	}
	return ex
}

func TestDockerignoreMatcher(t *testing.T) {
	d := dockerignore{}
	for _, p := range []string{"bin", "**/*.test", "docs", "!docs/keep.md", "*.log"} {
		d.pats = append(d.pats, mustPattern(t, p))
	}
	for f, want := range map[string]bool{
		"bin/sluice": true, "bin": true, "cmd/bin.go": false, "a/b/c.test": true, "x.test": true,
		"docs/a.md": true, "docs/keep.md": false, "x.log": true, "a/x.log": false, "processor.sql": false,
	} {
		if got := d.excluded(f); got != want {
			t.Errorf("excluded(%q) = %v, want %v", f, got, want)
		}
	}
}

func mustPattern(t *testing.T, p string) ignorePattern {
	t.Helper()
	d := parseIgnoreLines(p)
	if len(d.pats) != 1 {
		t.Fatalf("pattern %q: %d patterns", p, len(d.pats))
	}
	return d.pats[0]
}
