package deploytest

import (
	"encoding/json"
	"io"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/sluice-sql/sluice/engine/checkpoint"
	"github.com/sluice-sql/sluice/engine/runtime"
	"github.com/sluice-sql/sluice/internal/syncbuf"
)

// distrolessNonroot is the uid and gid of the distroless images' 'nonroot'
// user.
const distrolessNonroot = 65532

// imageUser returns the uid and gid the runtime stage's USER runs as.
func imageUser(t *testing.T, img dockerImage) (uid, gid int) {
	t.Helper()
	u, ok := lastOf(img.ins, img.final, "USER")
	if !ok {
		t.Fatal("runtime stage has no USER")
	}
	return ownerIDs(t, u.args)
}

// ownerIDs reads user[:group] as numeric ids (nonroot is the distroless
// user: the image has no other).
func ownerIDs(t *testing.T, spec string) (uid, gid int) {
	t.Helper()
	id := func(s string) int {
		if s == "nonroot" {
			return distrolessNonroot
		}
		n, err := strconv.Atoi(s)
		if err != nil {
			t.Fatalf("owner %q: want nonroot or a numeric id", spec)
		}
		return n
	}
	user, group, ok := strings.Cut(spec, ":")
	if !ok {
		group = user
	}
	return id(user), id(group)
}

// stateDir returns the runtime stage's COPY that makes the directory the
// job checkpoints into by default (<WORKDIR>/.sluice), if there is one.
func stateDir(img dockerImage) (copySpec, string, bool) {
	base := path.Join(img.workdir, strings.Split(runtime.DefaultCheckpointBase, "/")[0])
	for _, c := range img.copies {
		if c.stage == img.final && len(c.srcs) == 1 && path.Clean(copyTarget(c.srcs[0], c.dest)) == base {
			return c, base, true
		}
	}
	return copySpec{}, base, false
}

// TestDockerfileCheckpointDir: the default checkpoint directory exists in
// the image, made by the build stage and owned by the user the job runs as,
// and no ENV overrides the job's own SET 'state.checkpoints.dir'.
func TestDockerfileCheckpointDir(t *testing.T) {
	img := loadDockerfile(t)
	c, base, ok := stateDir(img)
	if !ok {
		t.Fatalf("the runtime stage makes no %s: a job without SET 'state.checkpoints.dir' cannot checkpoint (mkdir .sluice: permission denied)", base)
	}
	if c.from != "build" || !img.buildDirs[c.srcs[0]] {
		t.Errorf("Dockerfile:%d: %s comes from %q of stage %q; want a directory the build stage creates (RUN mkdir -p)", c.line, base, c.srcs[0], c.from)
	}
	uid, gid := imageUser(t, img)
	if c.chown == "" {
		t.Fatalf("Dockerfile:%d: COPY to %s without --chown: root's, not writable by USER %d", c.line, base, uid)
	}
	if ouid, ogid := ownerIDs(t, c.chown); ouid != uid || ogid != gid {
		t.Errorf("Dockerfile:%d: %s is owned by %d:%d, the job runs as %d:%d", c.line, base, ouid, ogid, uid, gid)
	}
	for _, in := range img.ins {
		if in.stage == img.final && in.cmd == "ENV" && strings.Contains(in.args, "SLUICE_CHECKPOINT_DIR") {
			t.Errorf("Dockerfile:%d: ENV SLUICE_CHECKPOINT_DIR would override the job's SET 'state.checkpoints.dir'", in.line)
		}
	}
}

// TestImageLayoutCheckpointsAsNonRoot runs the job as the image does: as
// the image's USER, in its WORKDIR, where only the directories the
// Dockerfile hands to that user are writable. A job with no checkpoint
// setting must checkpoint there.
func TestImageLayoutCheckpointsAsNonRoot(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("SKIPPED: simulating the image's layout needs root, to run the job as another user")
	}
	img := loadDockerfile(t)
	uid, gid := imageUser(t, img)
	c, base, made := stateDir(img)
	layout := t.TempDir()
	for d := layout; d != filepath.Dir(d) && strings.HasPrefix(d, os.TempDir()) && d != os.TempDir(); d = filepath.Dir(d) {
		if err := os.Chmod(d, 0o755); err != nil { // t.TempDir is 0700: the job's user must reach inside
			t.Fatal(err)
		}
	}
	at := func(p string) string { return filepath.Join(layout, filepath.FromSlash(p)) }
	mkdir := func(p string) {
		if err := os.MkdirAll(at(p), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	mkdir(img.workdir)
	// The COPY --chown of the build stage's directory, subdirectories included.
	for d := range img.buildDirs {
		if !made {
			break
		}
		if rel, ok := strings.CutPrefix(d, c.srcs[0]); ok && (rel == "" || strings.HasPrefix(rel, "/")) {
			mkdir(base + rel)
			ouid, ogid := 0, 0 // COPY without --chown: root's
			if c.chown != "" {
				ouid, ogid = ownerIDs(t, c.chown)
			}
			if err := os.Chown(at(base+rel), ouid, ogid); err != nil {
				t.Fatal(err)
			}
		}
	}
	mkdir("/usr/local/bin")
	copyFile(t, sluiceBin, at("/usr/local/bin/sluice"), 0o755)
	mkdir("/etc/job")
	mkdir("/data/in")
	writeFile(t, at("/data/in/1.json"), `{"account_id": 1, "n": 1}`+"\n")
	writeFile(t, at("/etc/job/props.json"), "[]")
	writeFile(t, at("/etc/job/job.sql"), `SET 'execution.checkpointing.interval' = '200 ms';
CREATE TABLE tx (account_id BIGINT, n INT) WITH ('connector' = 'filesystem', 'path' = '`+at("/data/in")+`', 'format' = 'json', 'source.monitor-interval' = '100 ms');
CREATE TABLE dst (account_id BIGINT, n INT) WITH ('connector' = 'print');
INSERT INTO dst SELECT account_id, n FROM tx;
`)

	cmd := exec.Command(at("/usr/local/bin/sluice"), "run", "--sql", at("/etc/job/job.sql"), "--properties", at("/etc/job/props.json"), "--http-addr", "off")
	cmd.Dir = at(img.workdir)
	cmd.Env = []string{"PATH=/usr/bin:/bin", "HOME=/nonexistent"}
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}}
	var stdout, stderr syncbuf.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	deadline := time.Now().Add(30 * time.Second)
	for !strings.Contains(stderr.String(), "checkpoint complete") {
		select {
		case err := <-done:
			t.Fatalf("the job as uid %d in %s exited (%v) before a checkpoint:\n%s", uid, img.workdir, err, stderr.String())
		case <-time.After(50 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			_ = cmd.Process.Kill()
			t.Fatalf("no checkpoint within 30 s:\n%s", stderr.String())
		}
	}
	_ = cmd.Process.Signal(syscall.SIGTERM)
	if err := <-done; err != nil {
		t.Fatalf("after SIGTERM: %v\n%s", err, stderr.String())
	}
	files, _ := filepath.Glob(filepath.Join(at(img.workdir), filepath.FromSlash(runtime.DefaultCheckpointBase), "*", "chk-*.sluice"))
	if len(files) == 0 {
		t.Errorf("no checkpoint file under %s/%s", img.workdir, runtime.DefaultCheckpointBase)
	}
	if !regexp.MustCompile(`\+I\[1, 1\]`).MatchString(stdout.String()) {
		t.Errorf("the job printed %q, want +I[1, 1]", stdout.String())
	}
}

func copyFile(t *testing.T, from, to string, mode os.FileMode) {
	t.Helper()
	src, err := os.Open(from)
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	dst, err := os.OpenFile(to, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, mode)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(dst, src); err != nil {
		t.Fatal(err)
	}
	if err := dst.Close(); err != nil {
		t.Fatal(err)
	}
}

func writeFile(t *testing.T, p, content string) {
	t.Helper()
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

var setCheckpointDir = regexp.MustCompile(`(?i)SET\s+'(?:state\.checkpoints\.dir|execution\.checkpointing\.dir)'\s*=\s*'([^']*)'`)

// TestComposeCheckpointVolume: the compose job's checkpoints land on a
// named volume (they outlive a recreated container) whose mount point is a
// directory the image gives the job's user, so that Docker initialises the
// new volume with that owner.
func TestComposeCheckpointVolume(t *testing.T) {
	img := loadDockerfile(t)
	s := loadCompose(t)["sluice"]
	loc := s.env["SLUICE_CHECKPOINT_DIR"]
	if loc == "" {
		_, flags := subcommand(s.command)
		sqlFile, ok := containerFile(t, s, img, flagValue(flags, "--sql"))
		if !ok {
			t.Fatal("the job's SQL is not in the container")
		}
		if m := setCheckpointDir.FindStringSubmatch(readRepoFile(t, sqlFile)); m != nil {
			loc = m[1]
		}
	}
	if loc == "" {
		loc = runtime.DefaultCheckpointBase
	}
	where, err := checkpoint.ParseLocation(loc)
	if err != nil {
		t.Fatal(err)
	}
	if where.Bucket != "" {
		t.Fatalf("the compose job checkpoints to %s, and the file has no S3-compatible service", where)
	}
	dir := where.Dir
	if !path.IsAbs(dir) {
		dir = path.Join(img.workdir, dir)
	}
	c, base, ok := stateDir(img)
	if !ok {
		t.Fatalf("the image has no %s for the job's user", base)
	}
	owned := map[string]bool{}
	for d := range img.buildDirs {
		if rel, ok := strings.CutPrefix(d, c.srcs[0]); ok && (rel == "" || strings.HasPrefix(rel, "/")) {
			owned[base+rel] = true
		}
	}
	for _, v := range s.volumes {
		parts := strings.Split(v, ":")
		if len(parts) != 2 || !namedVolume(parts[0]) {
			continue
		}
		if dir == parts[1] || strings.HasPrefix(dir, parts[1]+"/") {
			if !owned[parts[1]] {
				t.Errorf("volume %s is mounted at %s, which the image does not give its user (%v): a new volume would be root's", parts[0], parts[1], owned)
			}
			return
		}
	}
	t.Errorf("the compose job checkpoints to %s, on no named volume (volumes %v): its state is lost with the container", dir, s.volumes)
}

// TestECSCheckpointLocation: on Fargate the task's disk goes with the task,
// so the job checkpoints to S3, and the task role may read, write, delete
// and list exactly there.
func TestECSCheckpointLocation(t *testing.T) {
	var td taskDefinition
	if err := json.Unmarshal([]byte(readRepoFile(t, "deploy/ecs/task-definition.json")), &td); err != nil {
		t.Fatal(err)
	}
	var loc string
	for _, c := range td.ContainerDefinitions {
		for _, e := range c.Environment {
			if c.Name == "sluice" && e.Name == "SLUICE_CHECKPOINT_DIR" {
				loc = placeholders.Replace(e.Value)
			}
		}
	}
	where, err := checkpoint.ParseLocation(loc)
	if err != nil || where.Bucket != "example-checkpoints" || where.Prefix == "" {
		t.Fatalf("the sluice container's SLUICE_CHECKPOINT_DIR = %q (%+v, %v), want s3://<CHECKPOINT_BUCKET>/<prefix>", loc, where, err)
	}
	var pol struct {
		Statement []struct {
			Effect    string
			Action    []string
			Resource  any
			Condition map[string]map[string]any
		}
	}
	if err := json.Unmarshal([]byte(placeholders.Replace(readRepoFile(t, "deploy/ecs/task-role-policy.json"))), &pol); err != nil {
		t.Fatal(err)
	}
	bucketARN := "arn:aws:s3:::" + where.Bucket
	objects := bucketARN + "/" + where.Prefix + "/*"
	granted := map[string]bool{}
	for _, s := range pol.Statement {
		if s.Effect != "Allow" || len(s.Action) == 0 || !strings.HasPrefix(s.Action[0], "s3:") {
			continue
		}
		res, _ := s.Resource.(string)
		for _, a := range s.Action {
			switch {
			case a == "s3:ListBucket" && res == bucketARN:
				if p, _ := s.Condition["StringLike"]["s3:prefix"].(string); p != where.Prefix+"/*" {
					t.Errorf("s3:ListBucket on %s is not limited to the prefix %s/* (condition %v)", res, where.Prefix, s.Condition)
				}
				granted[a] = true
			case a != "s3:ListBucket" && res == objects:
				granted[a] = true
			default:
				t.Errorf("%s on %q: not the checkpoint location %s", a, res, objects)
			}
		}
	}
	for _, want := range []string{"s3:PutObject", "s3:GetObject", "s3:DeleteObject", "s3:ListBucket"} {
		if !granted[want] {
			t.Errorf("the task role is not granted %s on the checkpoint location", want)
		}
	}
}
