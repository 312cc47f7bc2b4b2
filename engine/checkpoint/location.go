package checkpoint

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

// Location is where a job's checkpoints live: a local directory (a plain
// path or file://path) or an S3 prefix (s3://bucket/prefix; Flink's s3a://
// and s3p:// spellings are the same here).
type Location struct {
	Dir    string // local directory, when Bucket is empty
	Bucket string
	Prefix string
}

// ParseLocation reads state.checkpoints.dir's value.
func ParseLocation(s string) (Location, error) {
	if rest, ok := strings.CutPrefix(s, "file://"); ok {
		if rest == "" {
			return Location{}, fmt.Errorf("checkpoint location %q: no directory after file://", s)
		}
		return Location{Dir: rest}, nil
	}
	i := strings.Index(s, "://")
	if i <= 0 {
		if s == "" {
			return Location{}, fmt.Errorf("checkpoint location is empty")
		}
		return Location{Dir: s}, nil
	}
	switch scheme := strings.ToLower(s[:i]); scheme {
	case "s3", "s3a", "s3p":
		u, err := url.Parse(s)
		if err != nil {
			return Location{}, fmt.Errorf("checkpoint location %q: %w", s, err)
		}
		if u.Host == "" {
			return Location{}, fmt.Errorf("checkpoint location %q: no bucket (s3://bucket/prefix)", s)
		}
		if u.RawQuery != "" || u.Fragment != "" || u.User != nil {
			return Location{}, fmt.Errorf("checkpoint location %q: only s3://bucket/prefix, without user, query or fragment", s)
		}
		return Location{Bucket: u.Host, Prefix: strings.Trim(u.Path, "/")}, nil
	default:
		return Location{}, fmt.Errorf("checkpoint location %q: scheme %s:// is not supported: use a local directory (a path or file://…) or s3://bucket/prefix", s, scheme)
	}
}

// String gives the location as a URL (a plain path for a directory).
func (l Location) String() string {
	if l.Bucket == "" {
		return l.Dir
	}
	return "s3://" + l.Bucket + "/" + l.Prefix
}

// S3Config says how to reach S3. The zero value is AWS itself, found as the
// SDK finds it: the default credential chain (environment, shared files, the
// ECS task role, EC2 instance profile, web identity) and region
// (AWS_REGION, the profile), and AWS_ENDPOINT_URL_S3 / AWS_ENDPOINT_URL.
type S3Config struct {
	// Endpoint overrides the endpoint, for an S3-compatible server (Flink's
	// s3.endpoint).
	Endpoint string
	// PathStyle addresses buckets as endpoint/bucket/key instead of
	// bucket.endpoint/key (Flink's s3.path.style.access), as most
	// S3-compatible servers need.
	PathStyle bool
}

// OpenOptions tune OpenStore.
type OpenOptions struct {
	// Retained is how many checkpoints are kept (DefaultRetained if <= 0).
	Retained int
	// OnSkip is told about each damaged checkpoint Latest passes over.
	OnSkip func(error)
	S3     S3Config
}

// OpenStore opens the store at loc: a DirStore for a directory, an S3Store
// for an S3 prefix.
func OpenStore(ctx context.Context, loc Location, opts OpenOptions) (Store, error) {
	if loc.Bucket == "" {
		return NewDirStore(loc.Dir, opts.Retained, opts.OnSkip)
	}
	client, err := newS3Client(ctx, opts.S3)
	if err != nil {
		return nil, fmt.Errorf("checkpoint location %s: %w", loc, err)
	}
	return NewS3Store(client, loc.Bucket, loc.Prefix, opts.Retained, opts.OnSkip), nil
}

// defaultCompatibleRegion signs for an S3-compatible server when nothing
// names a region: such servers accept us-east-1 (AWS's default).
const defaultCompatibleRegion = "us-east-1"

func newS3Client(ctx context.Context, c S3Config) (*s3.Client, error) {
	cfg, err := config.LoadDefaultConfig(ctx)
	if err != nil {
		return nil, fmt.Errorf("AWS configuration: %w", err)
	}
	// The SDK reads AWS_ENDPOINT_URL into cfg and AWS_ENDPOINT_URL_S3 when
	// the client is made.
	custom := c.Endpoint != "" || aws.ToString(cfg.BaseEndpoint) != "" || os.Getenv("AWS_ENDPOINT_URL_S3") != ""
	if cfg.Region == "" {
		if !custom {
			return nil, fmt.Errorf("no AWS region: set AWS_REGION (ECS and EKS set it for you)")
		}
		cfg.Region = defaultCompatibleRegion
	}
	return s3.NewFromConfig(cfg, func(o *s3.Options) {
		if c.Endpoint != "" {
			o.BaseEndpoint = aws.String(c.Endpoint)
		}
		o.UsePathStyle = c.PathStyle
	}), nil
}
