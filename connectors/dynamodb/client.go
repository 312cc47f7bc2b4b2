package dynamodb

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"

	"github.com/aws/aws-sdk-go-v2/aws"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/credentials/stscreds"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/aws/smithy-go/logging"
	"go.uber.org/zap"
)

// credentialsError marks a failure to obtain credentials, which Flink's
// writer treats as fatal (its SdkClientException and StsException classifiers).
type credentialsError struct{ err error }

func (e *credentialsError) Error() string { return "AWS credentials: " + e.err.Error() }
func (e *credentialsError) Unwrap() error { return e.err }

// markedProvider wraps a provider's errors in credentialsError so that the
// writer can tell them from a failed request: the SDK only wraps them in text.
type markedProvider struct{ p aws.CredentialsProvider }

func (m markedProvider) Retrieve(ctx context.Context) (aws.Credentials, error) {
	c, err := m.p.Retrieve(ctx)
	if err != nil {
		return c, &credentialsError{err}
	}
	return c, nil
}

// sinkClient builds the DynamoDB client for a sink from its options, as
// Flink's DynamoDbAsyncClientProvider does, and resolves the credentials once
// so that a job without credentials fails at start (AWSGeneralUtil.validateAwsCredentials).
func (f Factory) sinkClient(ctx context.Context, c *sinkConfig, log *zap.Logger) (*dynamodb.Client, error) {
	httpClient := awshttp.NewBuildableClient().WithTransportOptions(func(tr *http.Transport) {
		if c.trustAll {
			// 'aws.trust.all.certificates' = 'true' asks for exactly this.
			tr.TLSClientConfig = &tls.Config{InsecureSkipVerify: true} //nolint:gosec
		}
		if c.httpConns > 0 {
			tr.MaxConnsPerHost = c.httpConns
		}
		// More idle connections than Go's default 2 per host: up to
		// max-inflight requests run at once against one endpoint.
		tr.MaxIdleConnsPerHost = max(c.maxFlight, 2)
		tr.ResponseHeaderTimeout = c.httpTimeout
	})
	creds, err := credentialsProvider(ctx, c.aws, optCredProvider, c.region, httpClient)
	if err != nil {
		return nil, err
	}
	opts := []func(*config.LoadOptions) error{
		config.WithRegion(c.region), config.WithHTTPClient(httpClient), config.WithLogger(sdkLogger(log)),
	}
	if creds != nil {
		opts = append(opts, config.WithCredentialsProvider(creds))
	}
	if providerType(c.aws, optCredProvider) == "PROFILE" {
		opts = append(opts, profileOptions(c.aws, optCredProvider)...)
	}
	cfg, err := config.LoadDefaultConfig(ctx, opts...)
	if err != nil {
		return nil, fmt.Errorf("loading AWS configuration: %w", err)
	}
	if creds == nil && cfg.Credentials != nil {
		cfg.Credentials = aws.NewCredentialsCache(markedProvider{cfg.Credentials})
	}
	if cfg.Credentials == nil {
		return nil, &credentialsError{errors.New("no credentials provider")}
	}
	if _, err := cfg.Credentials.Retrieve(ctx); err != nil {
		return nil, fmt.Errorf("resolving AWS credentials (provider %s): %w", providerType(c.aws, optCredProvider), err)
	}
	client := dynamodb.NewFromConfig(cfg, func(o *dynamodb.Options) {
		if c.endpoint != "" {
			o.BaseEndpoint = aws.String(c.endpoint)
		}
	}, func(o *dynamodb.Options) {
		for _, fn := range f.ClientOptions {
			fn(o)
		}
	})
	return client, nil
}

// sdkLogger sends the SDK's own messages (it logs little: warnings about
// responses it could not fully read and the like) to the job's log rather
// than to the process's stderr.
func sdkLogger(log *zap.Logger) logging.Logger {
	return logging.LoggerFunc(func(c logging.Classification, format string, v ...any) {
		msg := fmt.Sprintf(format, v...)
		if c == logging.Warn {
			log.Warn("AWS SDK: "+msg, zap.String("component", "aws-sdk"))
			return
		}
		log.Debug("AWS SDK: "+msg, zap.String("component", "aws-sdk"))
	})
}

// profileOptions select the shared profile for the PROFILE provider.
func profileOptions(props map[string]string, prefix string) []func(*config.LoadOptions) error {
	name := props[prefix+".profile.name"]
	if name == "" {
		name = os.Getenv("AWS_PROFILE")
	}
	if name == "" {
		name = "default"
	}
	// Setting the profile explicitly makes it win over environment
	// credentials, as Java's ProfileCredentialsProvider reads only the profile.
	opts := []func(*config.LoadOptions) error{config.WithSharedConfigProfile(name)}
	if path := props[prefix+".profile.path"]; path != "" {
		opts = append(opts, config.WithSharedCredentialsFiles([]string{path}))
	}
	return opts
}

// credentialsProvider is AWSGeneralUtil.getCredentialsProvider for the
// provider configured under prefix. It returns nil for AUTO and PROFILE,
// which the SDK's default configuration loading resolves.
func credentialsProvider(ctx context.Context, props map[string]string, prefix, region string, httpClient aws.HTTPClient) (aws.CredentialsProvider, error) {
	kind := providerType(props, prefix)
	var p aws.CredentialsProvider
	switch kind {
	case "AUTO", "PROFILE":
		if prefix == optCredProvider {
			return nil, nil
		}
		// A nested provider (the one that assumes a role) resolves on its own.
		var opts []func(*config.LoadOptions) error
		if kind == "PROFILE" {
			opts = profileOptions(props, prefix)
		}
		cfg, err := config.LoadDefaultConfig(ctx, append(opts, config.WithRegion(region), config.WithHTTPClient(httpClient))...)
		if err != nil {
			return nil, fmt.Errorf("loading AWS configuration for %s: %w", prefix, err)
		}
		p = cfg.Credentials
	case "BASIC":
		p = credentials.NewStaticCredentialsProvider(props[prefix+".basic.accesskeyid"], props[prefix+".basic.secretkey"], "")
	case "ENV_VAR":
		id, secret := os.Getenv("AWS_ACCESS_KEY_ID"), os.Getenv("AWS_SECRET_ACCESS_KEY")
		if id == "" || secret == "" {
			return nil, &credentialsError{errors.New("unable to load credentials from the environment: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY must be set for the ENV_VAR provider")}
		}
		p = credentials.NewStaticCredentialsProvider(id, secret, os.Getenv("AWS_SESSION_TOKEN"))
	case "ASSUME_ROLE":
		base, err := credentialsProvider(ctx, props, prefix+".role.provider", region, httpClient)
		if err != nil {
			return nil, err
		}
		if base == nil {
			cfg, err := config.LoadDefaultConfig(ctx, config.WithRegion(region), config.WithHTTPClient(httpClient))
			if err != nil {
				return nil, fmt.Errorf("loading AWS configuration for %s: %w", prefix, err)
			}
			base = cfg.Credentials
		}
		stsClient := sts.New(sts.Options{Region: region, Credentials: base, HTTPClient: httpClient}, func(o *sts.Options) {
			if ep := props[prefix+".role.stsEndpoint"]; ep != "" {
				o.BaseEndpoint = aws.String(ep)
			}
		})
		p = stscreds.NewAssumeRoleProvider(stsClient, props[prefix+".role.arn"], func(o *stscreds.AssumeRoleOptions) {
			o.RoleSessionName = props[prefix+".role.sessionName"]
			if ext := props[prefix+".role.externalId"]; ext != "" {
				o.ExternalID = aws.String(ext)
			}
		})
	case "WEB_IDENTITY_TOKEN":
		// Java's WebIdentityTokenFileCredentialsProvider falls back to the
		// standard environment variables for what the options leave out.
		arn := firstNonEmpty(props[prefix+".role.arn"], os.Getenv("AWS_ROLE_ARN"))
		file := firstNonEmpty(props[prefix+".webIdentityToken.file"], os.Getenv("AWS_WEB_IDENTITY_TOKEN_FILE"))
		session := firstNonEmpty(props[prefix+".role.sessionName"], os.Getenv("AWS_ROLE_SESSION_NAME"))
		if arn == "" || file == "" {
			return nil, &credentialsError{errors.New("the WEB_IDENTITY_TOKEN provider needs a role ARN ('aws.credentials.role.arn' or AWS_ROLE_ARN) and a token file ('aws.credentials.webIdentityToken.file' or AWS_WEB_IDENTITY_TOKEN_FILE)")}
		}
		stsClient := sts.New(sts.Options{Region: region, Credentials: aws.AnonymousCredentials{}, HTTPClient: httpClient})
		p = stscreds.NewWebIdentityRoleProvider(stsClient, arn, stscreds.IdentityTokenFile(file), func(o *stscreds.WebIdentityRoleOptions) {
			o.RoleSessionName = session
		})
	case "SYS_PROP":
		return nil, &credentialsError{errors.New("the SYS_PROP provider reads Java system properties, which Sluice does not have; use ENV_VAR, BASIC or AUTO")}
	case "CUSTOM":
		return nil, &credentialsError{fmt.Errorf("the CUSTOM provider loads a Java class (%q), which Sluice cannot do; use AUTO, BASIC, PROFILE, ASSUME_ROLE or WEB_IDENTITY_TOKEN", props[prefix+".custom.class"])}
	default:
		return nil, &credentialsError{fmt.Errorf("invalid AWS credential provider type %q", kind)}
	}
	return aws.NewCredentialsCache(markedProvider{p}), nil
}

func firstNonEmpty(s ...string) string {
	for _, v := range s {
		if v != "" {
			return v
		}
	}
	return ""
}

// ClientConfig says how the command-line tools reach DynamoDB.
type ClientConfig struct {
	// Region is the AWS region; empty means the SDK's default resolution
	// (AWS_REGION, the shared profile), and us-east-1 with an Endpoint.
	Region string
	// Endpoint overrides the service endpoint, e.g. DynamoDB Local's
	// http://127.0.0.1:18000.
	Endpoint string
	// MaxConns, when positive, is how many requests the caller runs at once:
	// the client keeps that many idle connections to reuse (the SDK keeps 10
	// per host, so more concurrent requests open and close connections).
	MaxConns int
	// Options adjust the client (tests, instrumentation).
	Options []func(*dynamodb.Options)
}

// NewClient returns a DynamoDB client with the default AWS credential chain.
// With an endpoint on the loopback interface (DynamoDB Local) and no
// credentials anywhere, it signs with placeholder credentials, which such
// servers accept, so that local development needs no AWS setup.
func NewClient(ctx context.Context, c ClientConfig) (*dynamodb.Client, error) {
	var opts []func(*config.LoadOptions) error
	if c.Region != "" {
		opts = append(opts, config.WithRegion(c.Region))
	}
	if c.MaxConns > 0 {
		opts = append(opts, config.WithHTTPClient(awshttp.NewBuildableClient().WithTransportOptions(func(tr *http.Transport) {
			tr.MaxIdleConns = c.MaxConns
			tr.MaxIdleConnsPerHost = c.MaxConns
		})))
	}
	cfg, err := config.LoadDefaultConfig(ctx, opts...)
	if err != nil {
		return nil, fmt.Errorf("loading AWS configuration: %w", err)
	}
	if cfg.Region == "" {
		if c.Endpoint == "" {
			return nil, errors.New("no AWS region: pass --region or set AWS_REGION")
		}
		cfg.Region = "us-east-1"
	}
	if c.Endpoint != "" {
		u, err := url.Parse(c.Endpoint)
		if err != nil || u.Scheme == "" || u.Host == "" {
			return nil, fmt.Errorf("endpoint %q is not an absolute URL (e.g. http://127.0.0.1:18000)", c.Endpoint)
		}
		if isLoopback(u.Hostname()) && !hasCredentials(ctx, cfg.Credentials) {
			cfg.Credentials = credentials.NewStaticCredentialsProvider("local", "local", "")
		}
	}
	return dynamodb.NewFromConfig(cfg, func(o *dynamodb.Options) {
		if c.Endpoint != "" {
			o.BaseEndpoint = aws.String(c.Endpoint)
		}
		for _, fn := range c.Options {
			fn(o)
		}
	}), nil
}

func hasCredentials(ctx context.Context, p aws.CredentialsProvider) bool {
	if p == nil {
		return false
	}
	_, err := p.Retrieve(ctx)
	return err == nil
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
