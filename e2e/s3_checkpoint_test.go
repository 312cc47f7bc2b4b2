package e2e

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/sluice-sql/sluice/engine/checkpoint/s3test"
)

// TestRestartFromS3Checkpoints: a job checkpointing to s3:// is stopped
// and started again in another, empty working directory (a task that moved
// to another host, whose disk is gone); flags consumed by the first run
// still match transactions produced after the restart, so the join state
// came from the bucket.
func TestRestartFromS3Checkpoints(t *testing.T) {
	endpoint := s3test.Endpoint(t)
	client := s3test.Client(t)
	bucket := s3test.Bucket(t, client)
	broker := startBroker(t, "flagged-accounts", "transactions")
	env := []string{"AWS_ACCESS_KEY_ID=" + s3test.AccessKey, "AWS_SECRET_ACCESS_KEY=" + s3test.SecretKey,
		"AWS_REGION=" + s3test.Region, "AWS_EC2_METADATA_DISABLED=true", "SLUICE_CHECKPOINT_DIR="}
	job := func(flagStartup string) string {
		return fmt.Sprintf("SET 'state.checkpoints.dir' = 's3://%s/jobs/fraud';\nSET 's3.endpoint' = '%s';\nSET 's3.path.style.access' = 'true';\n",
			bucket, endpoint) + checkpointJob(flagStartup, false)
	}

	firstDir := t.TempDir()
	writeFile(t, firstDir, "props.json", properties(broker.Addr()))
	writeFile(t, firstDir, "job.sql", job("earliest-offset"))
	first := start(t, firstDir, env, "run", "--sql", "job.sql", "--properties", "props.json")
	produceFlags(t, broker.Addr(), testFlags)
	waitCheckpointed(t, first, broker.Addr(), int64(len(testFlags)), 0)
	stop(t, first)
	if !strings.Contains(first.stderr.String(), "checkpoint complete") {
		t.Fatalf("no checkpoint logged; stderr:\n%s", first.stderr.String())
	}
	if _, err := os.Stat(filepath.Join(firstDir, ".sluice")); !os.IsNotExist(err) {
		t.Errorf("the job wrote a local checkpoint directory although its checkpoints go to S3 (%v)", err)
	}
	keys := objectKeys(t, client, bucket)
	if len(keys) == 0 || len(keys) > 3 {
		t.Fatalf("objects in the bucket after the first run: %v, want 1 to 3 checkpoints", keys)
	}
	for _, k := range keys {
		if !strings.HasPrefix(k, "jobs/fraud/chk-") || !strings.HasSuffix(k, ".sluice") {
			t.Errorf("unexpected object %s", k)
		}
	}

	secondDir := t.TempDir()
	writeFile(t, secondDir, "props.json", properties(broker.Addr()))
	writeFile(t, secondDir, "job.sql", job("latest-offset"))
	second := start(t, secondDir, env, "run", "--sql", "job.sql", "--properties", "props.json")
	txs := txBatch("S3RESTRT", 6)
	produceTxs(t, broker.Addr(), txs)
	want, _, _ := expected(t, testFlags, txs)
	waitUntil(t, second, "matches of flags checkpointed to S3", 60*time.Second, func() bool { return len(printed(second, "")) >= len(want) })
	stop(t, second)
	checkMultiset(t, "print sink after the restart", printed(second, ""), want)
	if !strings.Contains(second.stderr.String(), "s3://"+bucket+"/jobs/fraud") {
		t.Errorf("the restore does not name the bucket; stderr:\n%s", second.stderr.String())
	}
}

func objectKeys(t *testing.T, client *s3.Client, bucket string) []string {
	t.Helper()
	out, err := client.ListObjectsV2(context.Background(), &s3.ListObjectsV2Input{Bucket: aws.String(bucket)})
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	for _, o := range out.Contents {
		keys = append(keys, aws.ToString(o.Key))
	}
	return keys
}
