// Package s3test gives tests a real S3-compatible server: the one
// scripts/s3-local.sh starts (Versity S3 Gateway over a local directory).
// Tests never mock S3; they find the server through SLUICE_S3_ENDPOINT.
package s3test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/sluice-sql/sluice/internal/testserver"
)

// Environment variables the tests read.
const (
	// EnvEndpoint is the server's URL, e.g. http://127.0.0.1:18900.
	EnvEndpoint = "SLUICE_S3_ENDPOINT"
	// EnvSkip, set to a reason, skips the tests that need the server.
	EnvSkip = "SLUICE_SKIP_S3"
)

// Region and the credentials scripts/s3-local.sh gives the server's root
// user.
const (
	Region    = "us-east-1"
	AccessKey = "sluicetest"
	SecretKey = "sluicetestsecret"
)

// Endpoint returns the server's URL. Without one the test fails, saying how
// to start the server, unless SLUICE_SKIP_S3 gives a reason to skip.
func Endpoint(t testing.TB) string {
	t.Helper()
	return testserver.Server{What: "an S3-compatible server", EnvAddr: EnvEndpoint, EnvSkip: EnvSkip,
		Script: "scripts/s3-local.sh"}.Addr(t)
}

// UseCredentials points the AWS SDK's default chain, for the rest of the
// test, at the server's credentials and region, as a deployment's
// environment would: code under test that loads the default configuration
// then signs for the test server.
func UseCredentials(t testing.TB) {
	t.Helper()
	t.Setenv("AWS_ACCESS_KEY_ID", AccessKey)
	t.Setenv("AWS_SECRET_ACCESS_KEY", SecretKey)
	t.Setenv("AWS_SESSION_TOKEN", "")
	t.Setenv("AWS_REGION", Region)
	t.Setenv("AWS_PROFILE", "")
	t.Setenv("AWS_CONFIG_FILE", os.DevNull)
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", os.DevNull)
	t.Setenv("AWS_EC2_METADATA_DISABLED", "true")
}

// Client returns a path-style client for the server with the tests'
// credentials.
func Client(t testing.TB) *s3.Client {
	t.Helper()
	ep := Endpoint(t)
	cfg, err := config.LoadDefaultConfig(context.Background(),
		config.WithRegion(Region),
		config.WithCredentialsProvider(credentials.NewStaticCredentialsProvider(AccessKey, SecretKey, "")))
	if err != nil {
		t.Fatalf("AWS configuration: %v", err)
	}
	return s3.NewFromConfig(cfg, func(o *s3.Options) {
		o.BaseEndpoint = aws.String(ep)
		o.UsePathStyle = true
	})
}

var unsafeChars = regexp.MustCompile(`[^a-z0-9-]+`)

// Bucket creates a bucket no other test or run uses (the test's name and a
// random suffix, within S3's 63 characters) and removes it, with whatever
// the test left in it, when the test ends.
func Bucket(t testing.TB, client *s3.Client) string {
	t.Helper()
	var b [4]byte
	_, _ = rand.Read(b[:])
	name := strings.Trim(unsafeChars.ReplaceAllString(strings.ToLower(t.Name()), "-"), "-")
	name = "t-" + name[:min(len(name), 50)] + "-" + hex.EncodeToString(b[:])
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if _, err := client.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String(name)}); err != nil {
		t.Fatalf("create bucket %s: %v", name, err)
	}
	t.Cleanup(func() {
		if err := Empty(client, name); err != nil {
			t.Errorf("empty bucket %s: %v", name, err)
			return
		}
		if _, err := client.DeleteBucket(context.Background(), &s3.DeleteBucketInput{Bucket: aws.String(name)}); err != nil {
			t.Errorf("delete bucket %s: %v", name, err)
		}
	})
	return name
}

// Empty deletes every object of bucket.
func Empty(client *s3.Client, bucket string) error {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	pages := s3.NewListObjectsV2Paginator(client, &s3.ListObjectsV2Input{Bucket: aws.String(bucket)})
	var errs []error
	for pages.HasMorePages() {
		page, err := pages.NextPage(ctx)
		if err != nil {
			return err
		}
		for _, o := range page.Contents {
			if _, err := client.DeleteObject(ctx, &s3.DeleteObjectInput{Bucket: aws.String(bucket), Key: o.Key}); err != nil {
				errs = append(errs, err)
			}
		}
	}
	return errors.Join(errs...)
}
