package deploytest

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/url"
	"path"
	"sort"
	"strings"
	"testing"

	"github.com/sluice-sql/sluice/txgen"
)

// service is one docker-compose.yml service, as far as the checks need it.
type service struct {
	name       string
	raw        map[string]any
	image      string
	entrypoint []string // nil: the image's
	command    []string // nil: the image's
	env        map[string]string
	ports      []string
	volumes    []string
	dependsOn  map[string]string // service → condition
}

func loadCompose(t *testing.T) map[string]*service {
	t.Helper()
	doc, err := parseYAMLSubset(readRepoFile(t, "docker-compose.yml"))
	if err != nil {
		t.Fatalf("docker-compose.yml: %v", err)
	}
	top, ok := doc.(map[string]any)
	if !ok {
		t.Fatalf("docker-compose.yml: top level is %T, want a mapping", doc)
	}
	if _, old := top["version"]; old {
		t.Error("docker-compose.yml: the 'version' key is obsolete in the Compose specification")
	}
	raw, ok := top["services"].(map[string]any)
	if !ok || len(raw) == 0 {
		t.Fatal("docker-compose.yml: no services")
	}
	out := map[string]*service{}
	for name, v := range raw {
		m, ok := v.(map[string]any)
		if !ok {
			t.Fatalf("service %s: %T, want a mapping", name, v)
		}
		s := &service{name: name, raw: m, env: map[string]string{}, dependsOn: map[string]string{}}
		s.image, _ = m["image"].(string)
		s.entrypoint = stringList(t, name, "entrypoint", m["entrypoint"])
		s.command = stringList(t, name, "command", m["command"])
		s.ports = stringList(t, name, "ports", m["ports"])
		s.volumes = stringList(t, name, "volumes", m["volumes"])
		switch e := m["environment"].(type) {
		case nil:
		case map[string]any:
			for k, v := range e {
				str, ok := v.(string)
				if !ok {
					t.Errorf("service %s: environment %s: %T, want a quoted string", name, k, v)
				}
				s.env[k] = str
			}
		default:
			t.Errorf("service %s: environment is %T, want a mapping", name, e)
		}
		switch d := m["depends_on"].(type) {
		case nil:
		case map[string]any:
			for dep, v := range d {
				cm, _ := v.(map[string]any)
				cond, _ := cm["condition"].(string)
				if cond == "" {
					t.Errorf("service %s: depends_on %s has no condition", name, dep)
				}
				s.dependsOn[dep] = cond
			}
		default:
			t.Errorf("service %s: depends_on is %T, want a mapping with conditions", name, d)
		}
		out[name] = s
	}
	return out
}

// stringList reads a compose value that must be a list of strings (the exec
// form for commands: no shell splitting to guess at).
func stringList(t *testing.T, svc, key string, v any) []string {
	t.Helper()
	if v == nil {
		return nil
	}
	l, ok := v.([]any)
	if !ok {
		t.Errorf("service %s: %s is %T, want a list", svc, key, v)
		return nil
	}
	out := []string{}
	for _, e := range l {
		s, ok := e.(string)
		if !ok {
			t.Errorf("service %s: %s has a %T", svc, key, e)
		}
		out = append(out, s)
	}
	return out
}

func sortedNames(svcs map[string]*service) []string {
	var names []string
	for n := range svcs {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

func TestComposeServices(t *testing.T) {
	svcs := loadCompose(t)
	want := []string{"api", "ddb-init", "dynamodb", "kafka-0", "kafka-init", "kpow", "sluice", "txgen-account", "txgen-transaction"}
	if got := sortedNames(svcs); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("services = %v, want %v", got, want)
	}
	for _, name := range sortedNames(svcs) {
		s := svcs[name]
		if !pinned(s.image) {
			t.Errorf("service %s: image %q has no explicit tag", name, s.image)
		}
		if b, ok := s.raw["build"]; ok {
			bm, _ := b.(map[string]any)
			ctx, _ := bm["context"].(string)
			df, _ := bm["dockerfile"].(string)
			if ctx != "." || df != "Dockerfile" || !repoFileExists(df) {
				t.Errorf("service %s: build = %v, want context . and the repository's Dockerfile", name, b)
			}
			if s.image != "sluice:local" {
				t.Errorf("service %s: built image is tagged %q, want sluice:local", name, s.image)
			}
		} else if s.image == "sluice:local" {
			t.Errorf("service %s: uses sluice:local without a build section (compose would try to pull it)", name)
		}
		if s.command != nil && len(s.command) == 0 {
			t.Errorf("service %s: empty command", name)
		}
	}
}

func TestComposePorts(t *testing.T) {
	svcs := loadCompose(t)
	// Published on the host's loopback interface only: a laptop's demo
	// stack has no authentication to show the network.
	want := map[string][]string{
		"kafka-0":  {"127.0.0.1:29092:29092"},
		"kpow":     {"127.0.0.1:3000:3000"},
		"dynamodb": {"127.0.0.1:8000:8000"},
		"api":      {"127.0.0.1:8080:8080"},
		"sluice":   {"127.0.0.1:8081:8081"},
	}
	for _, name := range sortedNames(svcs) {
		if got := svcs[name].ports; fmt.Sprint(got) != fmt.Sprint(want[name]) && !(len(got) == 0 && len(want[name]) == 0) {
			t.Errorf("service %s: ports %v, want %v", name, got, want[name])
		}
	}
	// Inside its container, each server listens on every interface, where
	// its port is published: the binary's defaults are loopback only.
	if addr := flagValue(svcs["api"].command, "--addr"); !everyInterface(addr, "8080") {
		t.Errorf("api: --addr %q, want 0.0.0.0:8080", addr)
	}
	if addr := svcs["sluice"].env["SLUICE_HTTP_ADDR"]; !everyInterface(addr, "8081") {
		t.Errorf("sluice: SLUICE_HTTP_ADDR %q, want 0.0.0.0:8081", addr)
	}
}

// everyInterface reports whether addr is an explicit wildcard address
// (0.0.0.0 or [::]) on port.
func everyInterface(addr, port string) bool {
	return addr == "0.0.0.0:"+port || addr == "[::]:"+port
}

func TestComposeKafka(t *testing.T) {
	k := loadCompose(t)["kafka-0"]
	if !strings.HasPrefix(k.image, "apache/kafka:") {
		t.Errorf("kafka-0: image %q, want apache/kafka", k.image)
	}
	e := k.env
	roles := strings.Split(e["KAFKA_PROCESS_ROLES"], ",")
	sort.Strings(roles)
	if fmt.Sprint(roles) != "[broker controller]" {
		t.Errorf("KAFKA_PROCESS_ROLES = %q, want broker,controller (KRaft, one node)", e["KAFKA_PROCESS_ROLES"])
	}
	listeners := map[string]string{}
	for _, l := range strings.Split(e["KAFKA_ADVERTISED_LISTENERS"], ",") {
		name, addr, _ := strings.Cut(l, "://")
		listeners[name] = addr
	}
	if listeners["INTERNAL"] != "kafka-0:9092" || listeners["EXTERNAL"] != "localhost:29092" {
		t.Errorf("advertised listeners %v, want INTERNAL kafka-0:9092 and EXTERNAL localhost:29092", listeners)
	}
	for _, l := range []string{"INTERNAL://:9092", "EXTERNAL://:29092"} {
		if !strings.Contains(e["KAFKA_LISTENERS"], l) {
			t.Errorf("KAFKA_LISTENERS %q lacks %s", e["KAFKA_LISTENERS"], l)
		}
	}
	ctrl := e["KAFKA_CONTROLLER_LISTENER_NAMES"]
	if ctrl == "" || !strings.Contains(e["KAFKA_LISTENERS"], ctrl+"://") ||
		!strings.Contains(e["KAFKA_LISTENER_SECURITY_PROTOCOL_MAP"], ctrl+":") {
		t.Errorf("the controller listener %q is not among the listeners and protocols", ctrl)
	}
	if !strings.HasPrefix(e["KAFKA_CONTROLLER_QUORUM_VOTERS"], e["KAFKA_NODE_ID"]+"@kafka-0:") {
		t.Errorf("KAFKA_CONTROLLER_QUORUM_VOTERS %q does not name node %q", e["KAFKA_CONTROLLER_QUORUM_VOTERS"], e["KAFKA_NODE_ID"])
	}
	if e["KAFKA_NUM_PARTITIONS"] != "2" || e["KAFKA_AUTO_CREATE_TOPICS_ENABLE"] != "true" {
		t.Errorf("partitions %q, auto-create %q; want 2 and true", e["KAFKA_NUM_PARTITIONS"], e["KAFKA_AUTO_CREATE_TOPICS_ENABLE"])
	}
	// kafka-storage format wants a cluster id that is a base64url UUID.
	if id, err := base64.RawURLEncoding.DecodeString(e["CLUSTER_ID"]); err != nil || len(id) != 16 {
		t.Errorf("CLUSTER_ID %q is not a base64url-encoded 16-byte UUID", e["CLUSTER_ID"])
	}
	if k.raw["healthcheck"] == nil {
		t.Error("kafka-0 has no healthcheck")
	}
}

// TestComposeOrdering: every dependency exists, is waited for in a way it
// can satisfy, and there is no cycle.
func TestComposeOrdering(t *testing.T) {
	svcs := loadCompose(t)
	for _, name := range sortedNames(svcs) {
		s := svcs[name]
		for dep, cond := range s.dependsOn {
			d, ok := svcs[dep]
			if !ok {
				t.Errorf("service %s depends on %s, which does not exist", name, dep)
				continue
			}
			switch cond {
			case "service_healthy":
				if d.raw["healthcheck"] == nil {
					t.Errorf("service %s waits for %s to be healthy, but %s has no healthcheck", name, dep, dep)
				}
			case "service_completed_successfully":
				if r, _ := d.raw["restart"].(string); r != "no" {
					t.Errorf("service %s waits for %s to complete, but %s has restart %q (want \"no\")", name, dep, dep, r)
				}
			case "service_started":
			default:
				t.Errorf("service %s: depends_on %s: unknown condition %q", name, dep, cond)
			}
		}
	}
	// The job starts after the topics and the table exist.
	want := map[string][]string{
		"sluice":            {"ddb-init", "kafka-init"},
		"api":               {"ddb-init"},
		"ddb-init":          {"dynamodb"},
		"kafka-init":        {"kafka-0"},
		"txgen-account":     {"kafka-init"},
		"txgen-transaction": {"kafka-init"},
	}
	for name, deps := range want {
		for _, d := range deps {
			if _, ok := svcs[name].dependsOn[d]; !ok {
				t.Errorf("service %s does not wait for %s", name, d)
			}
		}
	}
	// No cycle.
	state := map[string]int{}
	var visit func(string) bool
	visit = func(n string) bool {
		switch state[n] {
		case 1:
			return false
		case 2:
			return true
		}
		state[n] = 1
		for d := range svcs[n].dependsOn {
			if _, ok := svcs[d]; ok && !visit(d) {
				t.Errorf("depends_on cycle through %s and %s", n, d)
				return false
			}
		}
		state[n] = 2
		return true
	}
	for _, n := range sortedNames(svcs) {
		visit(n)
	}
}

// TestComposeMounts: what the services mount is in the repository, and is
// mounted read-only, or is a named volume the file declares.
func TestComposeMounts(t *testing.T) {
	svcs := loadCompose(t)
	declared := composeVolumes(t)
	n := 0
	for _, name := range sortedNames(svcs) {
		for _, v := range svcs[name].volumes {
			parts := strings.Split(v, ":")
			if len(parts) == 2 && namedVolume(parts[0]) {
				if !declared[parts[0]] {
					t.Errorf("service %s: volume %s is not declared under the top-level volumes", name, parts[0])
				}
				continue
			}
			if len(parts) < 2 || !strings.HasPrefix(parts[0], "./") {
				t.Errorf("service %s: volume %q: want ./repo/path:/container/path:ro", name, v)
				continue
			}
			n++
			if !repoFileExists(parts[0]) {
				t.Errorf("service %s: mounts %s, which is not a file of the repository", name, parts[0])
			}
			if len(parts) != 3 || parts[2] != "ro" {
				t.Errorf("service %s: volume %q is not read-only", name, v)
			}
		}
	}
	if n == 0 {
		t.Error("no bind mounts found; the job's SQL should be mounted")
	}
}

// namedVolume tells a named volume from a bind mount's host path.
func namedVolume(src string) bool {
	return src != "" && !strings.HasPrefix(src, ".") && !strings.HasPrefix(src, "/") && !strings.HasPrefix(src, "~")
}

// composeVolumes returns the named volumes the file declares.
func composeVolumes(t *testing.T) map[string]bool {
	t.Helper()
	doc, err := parseYAMLSubset(readRepoFile(t, "docker-compose.yml"))
	if err != nil {
		t.Fatalf("docker-compose.yml: %v", err)
	}
	out := map[string]bool{}
	switch v := doc.(map[string]any)["volumes"].(type) {
	case nil:
	case map[string]any:
		for name := range v {
			out[name] = true
		}
	default:
		t.Errorf("docker-compose.yml: volumes is %T, want a mapping", v)
	}
	return out
}

// containerFile maps a path inside a sluice:local container back to the
// repository file behind it: a bind mount of the service, else a COPY of the
// Dockerfile.
func containerFile(t *testing.T, s *service, img dockerImage, p string) (string, bool) {
	t.Helper()
	if !path.IsAbs(p) {
		p = path.Join(img.workdir, p)
	}
	for _, v := range s.volumes {
		parts := strings.Split(v, ":")
		if len(parts) >= 2 && parts[1] == p {
			return strings.TrimPrefix(parts[0], "./"), true
		}
	}
	src, ok := img.filesAt[p]
	return src, ok
}

func flagValue(args []string, name string) string {
	for i, a := range args {
		if a == name && i+1 < len(args) {
			return args[i+1]
		}
		if v, ok := strings.CutPrefix(a, name+"="); ok {
			return v
		}
	}
	return ""
}

// subcommand splits a sluice command line into the subcommand words and
// the flags.
func subcommand(args []string) (words, flags []string) {
	for i, a := range args {
		if strings.HasPrefix(a, "-") {
			return args[:i], args[i:]
		}
	}
	return args, nil
}

// TestComposeCommands: every sluice/txgen command the compose file runs is a
// real command, with flags that the built binary knows, and files that the
// container has.
func TestComposeCommands(t *testing.T) {
	svcs := loadCompose(t)
	img := loadDockerfile(t)
	checked := 0
	for _, name := range sortedNames(svcs) {
		s := svcs[name]
		if s.image != "sluice:local" {
			continue
		}
		bin, args := "/usr/local/bin/sluice", []string{"run"} // the image's ENTRYPOINT and CMD
		if s.entrypoint != nil {
			bin, args = s.entrypoint[0], append(append([]string{}, s.entrypoint[1:]...), s.command...)
		} else if s.command != nil {
			args = s.command
		}
		local, ok := map[string]string{"/usr/local/bin/sluice": sluiceBin, "/usr/local/bin/txgen": txgenBin}[bin]
		if !ok {
			t.Errorf("service %s runs %s, which the image does not have", name, bin)
			continue
		}
		if _, ok := img.binaries[bin]; !ok {
			t.Errorf("service %s runs %s, which the Dockerfile does not install", name, bin)
		}
		checked++
		words, flags := subcommand(args)
		help := run(t, nil, local, append(append([]string{}, words...), "--help")...)
		if bin == "/usr/local/bin/sluice" && help.code != 0 {
			t.Errorf("service %s: sluice %s --help: exit %d, not a sluice command\n%s", name, strings.Join(words, " "), help.code, help.stderr)
			continue
		}
		if bin == "/usr/local/bin/txgen" && len(words) > 0 {
			t.Errorf("service %s: txgen takes no arguments, got %q", name, words)
		}
		usage := help.stdout + help.stderr
		if !strings.Contains(usage, "Usage of") && !strings.Contains(usage, "Usage: ") {
			t.Errorf("service %s: %s %s --help printed no flag usage:\n%s", name, path.Base(bin), strings.Join(words, " "), usage)
		}
		for i := 0; i < len(flags); i++ {
			f := flags[i]
			if !strings.HasPrefix(f, "-") {
				continue
			}
			nameOnly, _, _ := strings.Cut(strings.TrimLeft(f, "-"), "=")
			if !hasFlag(usage, nameOnly) {
				t.Errorf("service %s: flag %s is not a flag of %s %s", name, f, path.Base(bin), strings.Join(words, " "))
			}
		}
		// Files named on the command line exist in the container.
		for _, fl := range []string{"--sql", "--properties", "--definition"} {
			if v := flagValue(flags, fl); v != "" {
				if _, ok := containerFile(t, s, img, v); !ok {
					t.Errorf("service %s: %s %s: neither mounted nor copied into the image", name, fl, v)
				}
			}
		}
		// Endpoints name a compose service on its port.
		if v := flagValue(flags, "--endpoint"); v != "" {
			u, err := url.Parse(v)
			if err != nil || svcs[u.Hostname()] == nil || u.Port() != "8000" {
				t.Errorf("service %s: --endpoint %s is not a compose service on port 8000", name, v)
			}
		}
		if bin == "/usr/local/bin/txgen" {
			if _, err := txgen.ConfigFromEnv(func(k string) string { return s.env[k] }); err != nil {
				t.Errorf("service %s: txgen rejects its environment: %v", name, err)
			}
			if bs := s.env["BOOTSTRAP_SERVERS"]; bs != "kafka-0:9092" {
				t.Errorf("service %s: BOOTSTRAP_SERVERS %q, want the INTERNAL listener kafka-0:9092", name, bs)
			}
		}
	}
	if checked != 5 {
		t.Errorf("checked %d sluice:local services, want 5 (ddb-init, two txgen, sluice, api)", checked)
	}
	types := map[string]bool{}
	for _, n := range []string{"txgen-account", "txgen-transaction"} {
		types[svcs[n].env["DATA_TYPE"]] = true
	}
	if !types["account"] || !types["transaction"] {
		t.Errorf("the generators' DATA_TYPEs are %v, want account and transaction", types)
	}
	if w, _ := subcommand(svcs["ddb-init"].command); strings.Join(w, " ") != "dynamodb create-table" {
		t.Errorf("ddb-init runs %q, want sluice dynamodb create-table", svcs["ddb-init"].command)
	}
	if w, _ := subcommand(svcs["api"].command); strings.Join(w, " ") != "serve" {
		t.Errorf("api runs %q, want sluice serve", svcs["api"].command)
	}
}

func hasFlag(usage, name string) bool {
	// Go's flag package prints each flag as "  -name" at the start of a line.
	for _, line := range strings.Split(usage, "\n") {
		f := strings.Fields(line)
		if len(f) > 0 && strings.HasPrefix(line, "  -") && f[0] == "-"+name {
			return true
		}
	}
	return false
}

// TestComposeJobPlans: the job service's SQL and properties, with the
// service's environment (its SLUICE_PROPERTY__ overrides included), render
// and plan, write the topic, the print sink and the DynamoDB table that
// ddb-init creates and the API reads, and read topics that kafka-init creates.
func TestComposeJobPlans(t *testing.T) {
	svcs := loadCompose(t)
	img := loadDockerfile(t)
	s := svcs["sluice"]
	words, flags := subcommand(s.command)
	if strings.Join(words, " ") != "run" {
		t.Fatalf("sluice service runs %q, want run", s.command)
	}
	sqlFile, ok := containerFile(t, s, img, flagValue(flags, "--sql"))
	if !ok || sqlFile != "deploy/processor.docker.sql" {
		t.Fatalf("the job's --sql %q is %q in the repository, want deploy/processor.docker.sql", flagValue(flags, "--sql"), sqlFile)
	}
	propsIn := flagValue(flags, "--properties")
	if propsIn == "" {
		propsIn = "/etc/flink/application_properties.json"
	}
	propsFile, ok := containerFile(t, s, img, propsIn)
	if !ok {
		t.Fatalf("the job's properties %s are not in the container", propsIn)
	}
	var env []string
	for k, v := range s.env {
		env = append(env, k+"="+v)
	}
	r := run(t, env, sluiceBin, "explain", "--sql", sqlFile, "--properties", propsFile)
	if r.code != 0 {
		t.Fatalf("sluice explain --sql %s --properties %s (service environment): exit %d\n%s", sqlFile, propsFile, r.code, r.stderr)
	}
	plan := r.stdout
	for _, want := range []string{
		"connector=[kafka], topic=[flagged-transactions]",
		"table=[sink_print], connector=[print]",
		"connector=[dynamodb], table-name=[flagged-transactions]",
		"topic=[transactions]", "topic=[flagged-accounts]",
	} {
		if !strings.Contains(plan, want) {
			t.Errorf("the compose job's plan lacks %q:\n%s", want, plan)
		}
	}
	// The rendered SQL: DynamoDB options and Kafka addresses inside the network.
	r = run(t, env, sluiceBin, "render", "--sql", sqlFile, "--properties", propsFile)
	if r.code != 0 {
		t.Fatalf("sluice render: exit %d\n%s", r.code, r.stderr)
	}
	for _, want := range []string{"'aws.endpoint' = 'http://dynamodb:8000'", "'aws.region' = 'us-east-1'", "PRIMARY KEY (transaction_id, transaction_date) NOT ENFORCED"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("rendered job lacks %q", want)
		}
	}
	if strings.Contains(r.stdout, "localhost:29092") || !strings.Contains(r.stdout, "'properties.bootstrap.servers' = 'kafka-0:9092'") {
		t.Error("the rendered job does not use the INTERNAL listener kafka-0:9092 everywhere")
	}
	// ddb-init creates the table the job writes and the API reads.
	ddbInit := svcs["ddb-init"]
	_, dflags := subcommand(ddbInit.command)
	defFile, ok := containerFile(t, ddbInit, img, flagValue(dflags, "--definition"))
	if !ok {
		t.Fatal("ddb-init's definition is not in the image")
	}
	var def struct{ TableName string }
	if err := json.Unmarshal([]byte(readRepoFile(t, defFile)), &def); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(plan, "table-name=["+def.TableName+"]") {
		t.Errorf("ddb-init creates %q, which the job does not write", def.TableName)
	}
	_, aflags := subcommand(svcs["api"].command)
	if tbl := flagValue(aflags, "--table"); tbl != "" && tbl != def.TableName {
		t.Errorf("the API reads %q, ddb-init creates %q", tbl, def.TableName)
	}
	// kafka-init creates every topic the job reads or writes.
	initCmd := strings.Join(svcs["kafka-init"].command, " ")
	initWords := map[string]bool{}
	for _, w := range strings.FieldsFunc(initCmd, func(r rune) bool { return r == ' ' || r == ';' || r == '"' || r == '\'' }) {
		initWords[w] = true
	}
	for _, topic := range []string{"flagged-accounts", "transactions", "flagged-transactions"} {
		if !initWords[topic] {
			t.Errorf("kafka-init does not create topic %s: %s", topic, initCmd)
		}
	}
	if !strings.Contains(initCmd, "--partitions 2") {
		t.Errorf("kafka-init does not create 2 partitions: %s", initCmd)
	}
	// Dummy credentials for DynamoDB Local, never real ones.
	for _, n := range []string{"sluice", "api", "ddb-init"} {
		if svcs[n].env["AWS_ACCESS_KEY_ID"] == "" || strings.HasPrefix(svcs[n].env["AWS_ACCESS_KEY_ID"], "$") {
			t.Errorf("service %s: AWS_ACCESS_KEY_ID should be a dummy value for DynamoDB Local, got %q", n, svcs[n].env["AWS_ACCESS_KEY_ID"])
		}
	}
}
