package checkpoint

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sluice-sql/sluice/engine/checkpoint/s3test"
)

func TestParseLocation(t *testing.T) {
	tests := []struct {
		in      string
		want    Location
		wantErr string
	}{
		{in: "/var/lib/sluice", want: Location{Dir: "/var/lib/sluice"}},
		{in: "relative/dir", want: Location{Dir: "relative/dir"}},
		{in: "file:///var/lib/sluice", want: Location{Dir: "/var/lib/sluice"}},
		{in: "s3://bucket/jobs/fraud", want: Location{Bucket: "bucket", Prefix: "jobs/fraud"}},
		{in: "s3://bucket/jobs/fraud/", want: Location{Bucket: "bucket", Prefix: "jobs/fraud"}},
		{in: "s3://bucket", want: Location{Bucket: "bucket"}},
		{in: "s3a://bucket/p", want: Location{Bucket: "bucket", Prefix: "p"}},
		{in: "S3P://bucket/p", want: Location{Bucket: "bucket", Prefix: "p"}},
		{in: "", wantErr: "empty"},
		{in: "file://", wantErr: "no directory"},
		{in: "s3:///prefix", wantErr: "no bucket"},
		{in: "s3://bucket/p?versionId=1", wantErr: "without user, query or fragment"},
		{in: "gs://bucket/p", wantErr: "scheme gs:// is not supported: use a local directory (a path or file://…) or s3://bucket/prefix"},
		{in: "hdfs://nn/flink/checkpoints", wantErr: "scheme hdfs://"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseLocation(tt.in)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("ParseLocation(%q) = %v, %v; want error %q", tt.in, got, err, tt.wantErr)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Fatalf("ParseLocation(%q) = %+v, %v; want %+v", tt.in, got, err, tt.want)
			}
		})
	}
}

// OpenStore picks the store by location; an S3 store reaches the server
// through the default credential chain and either endpoint setting.
func TestOpenStore(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "cp")
	s, err := OpenStore(ctx, Location{Dir: dir}, OpenOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if ds, ok := s.(*DirStore); !ok || ds.Dir() != dir {
		t.Fatalf("OpenStore(dir) = %T %v", s, s)
	}

	endpoint := s3test.Endpoint(t)
	bucket := s3test.Bucket(t, s3test.Client(t))
	s3test.UseCredentials(t)
	for _, tc := range []struct {
		name string
		env  map[string]string
		cfg  S3Config
	}{
		{name: "s3.endpoint", cfg: S3Config{Endpoint: endpoint, PathStyle: true}},
		{name: "AWS_ENDPOINT_URL_S3", env: map[string]string{"AWS_ENDPOINT_URL_S3": endpoint, "AWS_REGION": ""}, cfg: S3Config{PathStyle: true}},
		{name: "AWS_ENDPOINT_URL", env: map[string]string{"AWS_ENDPOINT_URL": endpoint}, cfg: S3Config{PathStyle: true}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for k, v := range tc.env {
				t.Setenv(k, v)
			}
			s, err := OpenStore(ctx, Location{Bucket: bucket, Prefix: tc.name}, OpenOptions{S3: tc.cfg})
			if err != nil {
				t.Fatal(err)
			}
			if err := s.Save(ctx, 1, strings.NewReader("state")); err != nil {
				t.Fatal(err)
			}
			if id, data, err := s.Latest(ctx); err != nil || id != 1 || string(data) != "state" {
				t.Fatalf("Latest = %d %q %v", id, data, err)
			}
		})
	}
}

// Without a region and with no endpoint of an S3-compatible server, the
// store says what to set instead of failing at the first checkpoint.
func TestOpenStoreNeedsARegion(t *testing.T) {
	t.Setenv("AWS_REGION", "")
	t.Setenv("AWS_DEFAULT_REGION", "")
	t.Setenv("AWS_ENDPOINT_URL", "")
	t.Setenv("AWS_ENDPOINT_URL_S3", "")
	t.Setenv("AWS_CONFIG_FILE", "/nonexistent")
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent")
	t.Setenv("AWS_PROFILE", "")
	_, err := OpenStore(context.Background(), Location{Bucket: "b", Prefix: "p"}, OpenOptions{})
	if err == nil || !strings.Contains(err.Error(), "s3://b/p: no AWS region: set AWS_REGION") {
		t.Fatalf("err = %v", err)
	}
	if errors.Is(err, ErrNoCheckpoint) {
		t.Fatal("a configuration error is not 'no checkpoint'")
	}
}
