package checkpoint

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/sluice-sql/sluice/engine/checkpoint/s3test"
)

// Two jobs under neighbouring prefixes of one bucket see only their own
// checkpoints, and prune only their own.
func TestS3StorePrefixesAreSeparate(t *testing.T) {
	ctx := context.Background()
	client := s3test.Client(t)
	bucket := s3test.Bucket(t, client)
	a := NewS3Store(client, bucket, "jobs/a", 1, nil)
	ab := NewS3Store(client, bucket, "jobs/a/b", 1, nil)
	aDash := NewS3Store(client, bucket, "jobs/a-b", 1, nil)
	for id, s := range []*S3Store{a, ab, aDash} {
		if err := s.Save(ctx, uint64(id+1), strings.NewReader(payload(uint64(id+1)))); err != nil {
			t.Fatal(err)
		}
	}
	for want, s := range map[string]*S3Store{"[1]": a, "[2]": ab, "[3]": aDash} {
		if ids, err := s.List(ctx); err != nil || fmt.Sprint(ids) != want {
			t.Errorf("%s: List = %v %v, want %s", s.URL(), ids, err, want)
		}
	}
}

// Errors name the bucket and key, so that whoever reads the log knows
// which permission or bucket is wrong; an access error is not taken for a
// missing or damaged checkpoint (Latest does not fall back past it).
func TestS3StoreErrorsNameTheObject(t *testing.T) {
	ctx := context.Background()
	client := s3test.Client(t)
	bucket := s3test.Bucket(t, client) + "-missing"
	s := NewS3Store(client, bucket, "jobs/fraud", 3, func(err error) { t.Errorf("skipped: %v", err) })
	err := s.Save(ctx, 7, strings.NewReader("x"))
	if want := "checkpoint s3://" + bucket + "/jobs/fraud/chk-00000000000000000007.sluice: PutObject:"; err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("Save into a missing bucket: %v, want %q", err, want)
	}
	if _, err := s.List(ctx); err == nil || !strings.Contains(err.Error(), "checkpoints in s3://"+bucket+"/jobs/fraud/: ListObjectsV2:") {
		t.Errorf("List of a missing bucket: %v", err)
	}
	if _, _, err := s.Latest(ctx); err == nil || errors.Is(err, ErrNoCheckpoint) {
		t.Errorf("Latest of a missing bucket: %v, want an error other than 'no checkpoint'", err)
	}
	_, err = s.Load(ctx, 7)
	if err == nil || errors.Is(err, ErrNoCheckpoint) || !strings.Contains(err.Error(), "s3://"+bucket+"/jobs/fraud/chk-00000000000000000007.sluice") {
		t.Errorf("Load from a missing bucket: %v", err)
	}
}
