package deploytest

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
)

type taskDefinition struct {
	Family                  string   `json:"family"`
	RequiresCompatibilities []string `json:"requiresCompatibilities"`
	NetworkMode             string   `json:"networkMode"`
	TaskRoleArn             string   `json:"taskRoleArn"`
	ExecutionRoleArn        string   `json:"executionRoleArn"`
	ContainerDefinitions    []struct {
		Name         string   `json:"name"`
		Image        string   `json:"image"`
		Command      []string `json:"command"`
		EntryPoint   []string `json:"entryPoint"`
		StopTimeout  int      `json:"stopTimeout"`
		PortMappings []struct {
			ContainerPort int `json:"containerPort"`
		} `json:"portMappings"`
		Environment []struct {
			Name  string `json:"name"`
			Value string `json:"value"`
		} `json:"environment"`
		LogConfiguration struct {
			LogDriver string `json:"logDriver"`
		} `json:"logConfiguration"`
	} `json:"containerDefinitions"`
}

// placeholders stand in for the values docs/deployment.md asks for.
var placeholders = strings.NewReplacer(
	"<REGION>", "eu-west-1",
	"<ACCOUNT_ID>", "123456789012",
	"<MSK_BOOTSTRAP_BROKERS_TLS>", "b-1.example.internal:9094,b-2.example.internal:9094",
	"<CHECKPOINT_BUCKET>", "example-checkpoints",
)

// TestECSTaskDefinition: the task definition sketch runs real commands of the
// image, and the job it runs plans with its environment overrides (so every
// SLUICE_PROPERTY__ variable names a real property).
func TestECSTaskDefinition(t *testing.T) {
	var td taskDefinition
	if err := json.Unmarshal([]byte(readRepoFile(t, "deploy/ecs/task-definition.json")), &td); err != nil {
		t.Fatal(err)
	}
	if td.NetworkMode != "awsvpc" || len(td.RequiresCompatibilities) != 1 || td.RequiresCompatibilities[0] != "FARGATE" {
		t.Errorf("not a Fargate task: networkMode %q, compatibilities %v", td.NetworkMode, td.RequiresCompatibilities)
	}
	if !strings.Contains(td.TaskRoleArn, "<ACCOUNT_ID>") || !strings.Contains(td.ExecutionRoleArn, "<ACCOUNT_ID>") {
		t.Error("role ARNs should carry the <ACCOUNT_ID> placeholder")
	}
	img := loadDockerfile(t)
	names := map[string]bool{}
	for _, c := range td.ContainerDefinitions {
		names[c.Name] = true
		if c.Image != "<IMAGE_URI>" {
			t.Errorf("container %s: image %q, want the <IMAGE_URI> placeholder", c.Name, c.Image)
		}
		if c.EntryPoint != nil {
			t.Errorf("container %s: overrides the entry point", c.Name)
		}
		if c.StopTimeout < 30 {
			t.Errorf("container %s: stopTimeout %d s leaves too little time to flush after SIGTERM", c.Name, c.StopTimeout)
		}
		if c.LogConfiguration.LogDriver != "awslogs" {
			t.Errorf("container %s: log driver %q, want awslogs", c.Name, c.LogConfiguration.LogDriver)
		}
		var env []string
		envMap := map[string]string{}
		for _, e := range c.Environment {
			v := placeholders.Replace(e.Value)
			env = append(env, e.Name+"="+v)
			envMap[e.Name] = v
		}
		if envMap["SLUICE_LOG_FORMAT"] != "json" {
			t.Errorf("container %s: SLUICE_LOG_FORMAT %q, want json", c.Name, envMap["SLUICE_LOG_FORMAT"])
		}
		for k := range envMap {
			if strings.HasPrefix(k, "AWS_ACCESS_KEY") || strings.HasPrefix(k, "AWS_SECRET") {
				t.Errorf("container %s: static AWS credentials in the task definition; use the task role", c.Name)
			}
		}
		words, flags := subcommand(c.Command)
		// The server listens on every interface of the task, on its mapped
		// port: the binary's defaults are loopback only.
		addr := map[string]string{"run": envMap["SLUICE_HTTP_ADDR"], "serve": flagValue(flags, "--addr")}[strings.Join(words, " ")]
		if len(c.PortMappings) != 1 || !everyInterface(addr, fmt.Sprint(c.PortMappings[0].ContainerPort)) {
			t.Errorf("container %s: listens on %q, want 0.0.0.0 on its mapped port %+v", c.Name, addr, c.PortMappings)
		}
		help := run(t, nil, sluiceBin, append(append([]string{}, words...), "--help")...)
		if help.code != 0 {
			t.Errorf("container %s: sluice %s is not a sluice command", c.Name, strings.Join(words, " "))
			continue
		}
		for _, f := range flags {
			if strings.HasPrefix(f, "-") && !hasFlag(help.stdout+help.stderr, strings.TrimLeft(f, "-")) {
				t.Errorf("container %s: %s is not a flag of sluice %s", c.Name, f, strings.Join(words, " "))
			}
		}
		if strings.Join(words, " ") != "run" {
			continue
		}
		sqlIn := flagValue(flags, "--sql")
		sqlFile, ok := img.filesAt[sqlIn]
		if !ok {
			t.Fatalf("container %s: --sql %s is not in the image (files: %v)", c.Name, sqlIn, img.filesAt)
		}
		propsFile := img.filesAt["/etc/flink/application_properties.json"]
		r := run(t, env, sluiceBin, "render", "--sql", sqlFile, "--properties", propsFile)
		if r.code != 0 {
			t.Fatalf("container %s: sluice render with the task's environment: exit %d\n%s", c.Name, r.code, r.stderr)
		}
		for _, want := range []string{"'properties.security.protocol' = 'SSL'", "b-1.example.internal:9094", "'aws.region' = 'eu-west-1'", "'aws.endpoint' = ''", "'connector' = 'blackhole'"} {
			if !strings.Contains(r.stdout, want) {
				t.Errorf("container %s: the rendered job lacks %q", c.Name, want)
			}
		}
		if strings.Contains(r.stdout, "kafka-0:9092") || strings.Contains(r.stdout, "= 'PLAINTEXT'") {
			t.Errorf("container %s: the rendered job still has compose-only settings", c.Name)
		}
		r = run(t, env, sluiceBin, "explain", "--sql", sqlFile, "--properties", propsFile)
		if r.code != 0 || !strings.Contains(r.stdout, "connector=[dynamodb]") {
			t.Errorf("container %s: sluice explain with the task's environment: exit %d\n%s%s", c.Name, r.code, r.stdout, r.stderr)
		}
	}
	if !names["sluice"] || !names["api"] {
		t.Errorf("containers %v, want sluice and api", names)
	}
}

// TestTaskRolePolicy: the policy grants what the DynamoDB sink and the API
// call (BatchWriteItem with put and delete requests; Query on the table and
// its 'account' index), on that table only.
func TestTaskRolePolicy(t *testing.T) {
	var pol struct {
		Statement []struct {
			Effect   string
			Action   []string
			Resource any
		}
	}
	if err := json.Unmarshal([]byte(readRepoFile(t, "deploy/ecs/task-role-policy.json")), &pol); err != nil {
		t.Fatal(err)
	}
	granted := map[string]bool{}
	for _, s := range pol.Statement {
		if s.Effect != "Allow" {
			continue
		}
		var res []string
		switch r := s.Resource.(type) {
		case string:
			res = []string{r}
		case []any:
			for _, x := range r {
				res = append(res, x.(string))
			}
		}
		if len(s.Action) > 0 && strings.HasPrefix(s.Action[0], "kafka-cluster:") {
			checkMSKStatement(t, s.Action, res)
			continue
		}
		if len(s.Action) > 0 && strings.HasPrefix(s.Action[0], "s3:") {
			continue // TestECSCheckpointLocation
		}
		for _, r := range res {
			if !strings.Contains(r, ":table/flagged-transactions") || strings.Contains(r, "*") {
				t.Errorf("resource %q is not the flagged-transactions table or its index", r)
			}
		}
		for _, a := range s.Action {
			for _, r := range res {
				granted[a+" "+strings.TrimPrefix(r[strings.Index(r, ":table/"):], ":table/")] = true
			}
		}
	}
	for _, want := range []string{
		"dynamodb:BatchWriteItem flagged-transactions", "dynamodb:PutItem flagged-transactions",
		"dynamodb:DeleteItem flagged-transactions", "dynamodb:Query flagged-transactions",
		"dynamodb:Query flagged-transactions/index/account",
	} {
		if !granted[want] {
			t.Errorf("the policy does not grant %s", want)
		}
	}
}

// checkMSKStatement checks the MSK IAM grant: Kafka actions only, on the
// cluster's resources only, and all the job needs to read, write and commit.
func checkMSKStatement(t *testing.T, actions, resources []string) {
	t.Helper()
	granted := map[string]bool{}
	for _, a := range actions {
		if !strings.HasPrefix(a, "kafka-cluster:") {
			t.Errorf("MSK statement mixes in action %q", a)
		}
		granted[a] = true
	}
	for _, want := range []string{"Connect", "DescribeTopic", "ReadData", "WriteData", "DescribeGroup", "AlterGroup"} {
		if !granted["kafka-cluster:"+want] {
			t.Errorf("MSK statement does not grant kafka-cluster:%s", want)
		}
	}
	for _, r := range resources {
		if !strings.HasPrefix(r, "arn:aws:kafka:") || !strings.Contains(r, "/<MSK_CLUSTER_NAME>/") {
			t.Errorf("MSK resource %q is not scoped to the cluster", r)
		}
	}
}
