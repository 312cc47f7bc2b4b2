package kafka

import (
	"context"
	"fmt"
	"os"
	"regexp"
	"strings"
	"time"

	"github.com/aws/aws-msk-iam-sasl-signer-go/signer"
	"github.com/aws/aws-sdk-go-v2/aws"
	awsconfig "github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials/stscreds"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/confluentinc/confluent-kafka-go/v2/kafka"
	"go.uber.org/zap"

	"github.com/sluice-sql/sluice/connectors"
)

// A Flink job authenticates its Java Kafka client with JAAS
// ('properties.sasl.jaas.config') and Java trust/key stores. librdkafka has
// neither, so the same options are translated here: the SQL stays the one
// Flink runs.
//
//	SCRAM-SHA-256/512, PLAIN   ScramLoginModule / PlainLoginModule username, password
//	                           → sasl.username, sasl.password
//	AWS_MSK_IAM, or OAUTHBEARER with the MSK IAM callback handler
//	                           → OAUTHBEARER with tokens signed by aws-msk-iam-sasl-signer-go
//	OAUTHBEARER + 'sasl.oauthbearer.token.endpoint.url'
//	                           → librdkafka's OIDC client credentials (clientId, clientSecret, scope)
//	OAUTHBEARER otherwise      → unsecured JWT (unsecuredLoginStringClaim_sub), as Java's default
//	ssl.truststore.* (PEM)     → ssl.ca.location / ssl.ca.pem
//	ssl.keystore.* (PEM)       → ssl.certificate.location + ssl.key.location / *.pem
//	ssl.keystore.* (PKCS12)    → ssl.keystore.location, ssl.keystore.password (librdkafka reads PKCS12)

// securityConfigKey carries the parsed security settings from clientConfig
// to newClient inside the ConfigMap, as confluent-kafka-go carries its own
// "go.*" settings; newClient removes it before librdkafka sees the map.
const securityConfigKey = "sluice.security"

// security is what newClient needs beyond librdkafka properties.
type security struct {
	// err is a setting librdkafka cannot honour, reported when the client
	// is created so that it names the table.
	err error
	// iam signs OAUTHBEARER tokens for Amazon MSK; nil without IAM.
	iam *mskIAM
}

// securityConfig translates the Java client's security properties (keys
// without the "properties." prefix). It returns the librdkafka settings to
// add where the user did not set the librdkafka name directly, the keys it
// consumed, and what newClient must do (nil when nothing).
func securityConfig(props map[string]string) (kafka.ConfigMap, map[string]bool, *security) {
	set := kafka.ConfigMap{}
	used := map[string]bool{}
	sec := &security{}
	fail := func(option, format string, args ...any) {
		if sec.err == nil {
			sec.err = &connectors.OptionError{Message: fmt.Sprintf(format, args...), Keys: []string{propertiesPrefix + option}}
		}
	}

	protocol := strings.ToUpper(strings.TrimSpace(props["security.protocol"]))
	mechanism := strings.ToUpper(strings.TrimSpace(props["sasl.mechanism"]))
	jaasText, hasJAAS := props["sasl.jaas.config"]
	if !strings.HasPrefix(protocol, "SASL_") {
		// As the Java client, SASL settings mean nothing without a SASL
		// protocol: one property file can carry them for MSK and run
		// against a PLAINTEXT broker on a laptop.
		used["sasl.mechanism"], used["sasl.jaas.config"] = true, true
		mechanism, hasJAAS = "", false
	}
	var jaas jaasEntry
	if hasJAAS {
		used["sasl.jaas.config"] = true
		var err error
		if jaas, err = parseJAAS(jaasText); err != nil {
			// The value is a secret: the message names the option only.
			fail("sasl.jaas.config", "invalid option 'properties.sasl.jaas.config': %v", err)
		}
	}
	loginHandler := props["sasl.login.callback.handler.class"]
	switch {
	case mechanism == "AWS_MSK_IAM" ||
		mechanism == "OAUTHBEARER" && strings.HasPrefix(loginHandler, "software.amazon.msk.auth.iam."):
		used["sasl.mechanism"] = true
		set["sasl.mechanism"] = "OAUTHBEARER"
		iam, err := newMSKIAM(jaas.options, props["bootstrap.servers"])
		if err != nil {
			fail("sasl.mechanism", "Amazon MSK IAM authentication: %v", err)
		}
		sec.iam = iam
	case mechanism == "OAUTHBEARER" && props["sasl.oauthbearer.token.endpoint.url"] != "":
		set["sasl.oauthbearer.method"] = "oidc"
		for java, rd := range map[string]string{"clientId": "sasl.oauthbearer.client.id",
			"clientSecret": "sasl.oauthbearer.client.secret", "scope": "sasl.oauthbearer.scope"} {
			if v, ok := jaas.options[java]; ok {
				set[rd] = v
			}
		}
	case mechanism == "OAUTHBEARER":
		set["enable.sasl.oauthbearer.unsecure.jwt"] = true
		if sub, ok := jaas.options["unsecuredLoginStringClaim_sub"]; ok {
			set["sasl.oauthbearer.config"] = "principal=" + sub
		}
	case hasJAAS:
		// PLAIN and SCRAM take a user name and password; GSSAPI
		// (Krb5LoginModule) a key tab and principal.
		for java, rd := range map[string]string{"username": "sasl.username", "password": "sasl.password",
			"keyTab": "sasl.kerberos.keytab", "principal": "sasl.kerberos.principal"} {
			if v, ok := jaas.options[java]; ok {
				set[rd] = v
			}
		}
	}

	// Trust store: librdkafka reads PEM only.
	if loc, ok := props["ssl.truststore.location"]; ok {
		used["ssl.truststore.location"] = true
		if storeType(props, "ssl.truststore.type") != "PEM" {
			fail("ssl.truststore.location", "'properties.ssl.truststore.location' is a %s trust store, which Sluice's Kafka client (librdkafka) cannot read: "+
				"convert it to a PEM file of CA certificates and set 'properties.ssl.truststore.type' = 'PEM' (the Java client reads PEM too)",
				storeType(props, "ssl.truststore.type"))
		}
		set["ssl.ca.location"] = loc
	}
	if pem, ok := props["ssl.truststore.certificates"]; ok {
		set["ssl.ca.pem"] = pem
	}
	// Key store: PKCS12 is native to librdkafka; PEM is split into
	// certificate and key; JKS cannot be read.
	if loc, ok := props["ssl.keystore.location"]; ok {
		switch t := storeType(props, "ssl.keystore.type"); t {
		case "PKCS12":
		case "PEM":
			used["ssl.keystore.location"] = true
			set["ssl.certificate.location"] = loc
			set["ssl.key.location"] = loc
			if pw, ok := props["ssl.keystore.password"]; ok {
				used["ssl.keystore.password"] = true
				set["ssl.key.password"] = pw
			}
		default:
			fail("ssl.keystore.location", "'properties.ssl.keystore.location' is a %s key store, which Sluice's Kafka client (librdkafka) cannot read: "+
				"convert it to PKCS12 or PEM and set 'properties.ssl.keystore.type' accordingly", t)
		}
	}
	if pem, ok := props["ssl.keystore.certificate.chain"]; ok {
		set["ssl.certificate.pem"] = pem
	}
	if pem, ok := props["ssl.keystore.key"]; ok {
		set["ssl.key.pem"] = pem
	}
	// Java trusts the JVM's CA bundle by default; librdkafka's static build
	// must be told to look for the system's.
	if strings.HasSuffix(protocol, "SSL") && set["ssl.ca.location"] == nil && set["ssl.ca.pem"] == nil &&
		props["ssl.ca.location"] == "" && props["ssl.ca.pem"] == "" {
		set["ssl.ca.location"] = "probe"
	}
	if sec.err == nil && sec.iam == nil {
		sec = nil
	}
	return set, used, sec
}

// storeType is the upper-cased store type; Java's default is JKS, and a
// ".pem"/".crt" file is taken as PEM.
func storeType(props map[string]string, key string) string {
	if t := strings.ToUpper(strings.TrimSpace(props[key])); t != "" {
		return t
	}
	loc := strings.ToLower(props[strings.Replace(key, ".type", ".location", 1)])
	for _, ext := range []string{".pem", ".crt", ".cer"} {
		if strings.HasSuffix(loc, ext) {
			return "PEM"
		}
	}
	for _, ext := range []string{".p12", ".pfx"} {
		if strings.HasSuffix(loc, ext) {
			return "PKCS12"
		}
	}
	return "JKS"
}

// jaasEntry is one login module of a JAAS configuration:
// "<class> <flag> key=value key2="value";".
type jaasEntry struct {
	module  string
	options map[string]string
}

// parseJAAS reads the first login module of a JAAS configuration string.
func parseJAAS(text string) (jaasEntry, error) {
	e := jaasEntry{options: map[string]string{}}
	s := strings.TrimSpace(text)
	word := func() string {
		end := strings.IndexAny(s, " \t\r\n;=")
		if end < 0 {
			end = len(s)
		}
		w := s[:end]
		s = strings.TrimLeft(s[end:], " \t\r\n")
		return w
	}
	if e.module = word(); e.module == "" {
		return e, fmt.Errorf("JAAS configuration has no login module class")
	}
	switch flag := strings.ToLower(word()); flag {
	case "required", "requisite", "sufficient", "optional":
	default:
		return e, fmt.Errorf("JAAS login module %s: expected a control flag (required, requisite, sufficient or optional), found %q", e.module, flag)
	}
	for s != "" && s[0] != ';' {
		key := word()
		if key == "" || s == "" || s[0] != '=' {
			return e, fmt.Errorf("JAAS login module %s: expected key=value after %q", e.module, key)
		}
		s = strings.TrimLeft(s[1:], " \t\r\n")
		var value string
		if strings.HasPrefix(s, `"`) {
			var b strings.Builder
			i := 1
			for ; i < len(s) && s[i] != '"'; i++ {
				if s[i] == '\\' && i+1 < len(s) {
					i++
				}
				b.WriteByte(s[i])
			}
			if i >= len(s) {
				return e, fmt.Errorf("JAAS login module %s: unterminated quoted value of %s", e.module, key)
			}
			value = b.String()
			s = strings.TrimLeft(s[i+1:], " \t\r\n")
		} else {
			value = word()
		}
		e.options[key] = value
	}
	if s == "" {
		return e, fmt.Errorf("JAAS login module %s: missing ';' at the end", e.module)
	}
	return e, nil
}

// mskIAM signs Amazon MSK IAM authentication tokens: a SigV4-presigned
// kafka-cluster:Connect request, sent as an OAUTHBEARER token.
type mskIAM struct {
	region string
	creds  aws.CredentialsProvider
}

// mskRegion finds the region in an MSK bootstrap host name, e.g.
// b-1.demo.abc123.c2.kafka.us-east-1.amazonaws.com:9098 or
// boot-abc.c1.kafka-serverless.eu-west-1.amazonaws.com:9098 — what the Java
// IAM client signs for.
var mskRegion = regexp.MustCompile(`\.kafka(?:-serverless)?\.([a-z0-9-]+)\.amazonaws\.com`)

// newMSKIAM reads the IAMLoginModule options (awsProfileName, awsRoleArn,
// awsRoleSessionName, awsRoleExternalId, awsStsRegion) and sets up the AWS
// credential chain. Credentials are fetched when a token is signed.
func newMSKIAM(opts map[string]string, bootstrap string) (*mskIAM, error) {
	region := ""
	if m := mskRegion.FindStringSubmatch(bootstrap); m != nil {
		region = m[1]
	}
	var loadOpts []func(*awsconfig.LoadOptions) error
	if p := opts["awsProfileName"]; p != "" {
		loadOpts = append(loadOpts, awsconfig.WithSharedConfigProfile(p))
	}
	if region != "" {
		loadOpts = append(loadOpts, awsconfig.WithRegion(region))
	}
	cfg, err := awsconfig.LoadDefaultConfig(context.Background(), loadOpts...)
	if err != nil {
		return nil, fmt.Errorf("loading the AWS configuration: %w", err)
	}
	if cfg.Region == "" {
		return nil, fmt.Errorf("no AWS region: the bootstrap servers are not MSK host names (…kafka.<region>.amazonaws.com), so set AWS_REGION")
	}
	creds := cfg.Credentials
	if arn := opts["awsRoleArn"]; arn != "" {
		stsCfg := cfg.Copy()
		if r := opts["awsStsRegion"]; r != "" {
			stsCfg.Region = r
		}
		session := opts["awsRoleSessionName"]
		if session == "" {
			session = "sluice-msk-iam"
		}
		creds = aws.NewCredentialsCache(stscreds.NewAssumeRoleProvider(sts.NewFromConfig(stsCfg), arn,
			func(o *stscreds.AssumeRoleOptions) {
				o.RoleSessionName = session
				if id := opts["awsRoleExternalId"]; id != "" {
					o.ExternalID = aws.String(id)
				}
			}))
	}
	if creds == nil {
		return nil, fmt.Errorf("no AWS credentials provider")
	}
	return &mskIAM{region: cfg.Region, creds: creds}, nil
}

// authFailure reports whether a client error is a refused authentication
// or a failed TLS handshake (an untrusted or wrong certificate): the Java
// client fails on both (SaslAuthenticationException,
// SslAuthenticationException), as retrying cannot fix them.
func authFailure(e kafka.Error) bool {
	return e.Code() == kafka.ErrAuthentication || e.Code() == kafka.ErrSsl
}

// authError is the error that fails a table whose client the broker did
// not authenticate.
func authError(role, table string, err error) error {
	return fmt.Errorf("kafka %s '%s': the broker rejected the client's authentication or TLS handshake (check 'properties.security.protocol', "+
		"'properties.sasl.mechanism', 'properties.sasl.jaas.config' and 'properties.ssl.truststore.*'): %w", role, table, err)
}

// queuedAuthError returns an authentication error waiting in a consumer's
// event queue, if any. A metadata request times out with "transport
// failure" when the broker refused the credentials; the real cause is only
// in the queue. Call it before the consumer is assigned partitions, when
// polling cannot return records.
func queuedAuthError(c *kafka.Consumer) error {
	for range 100 {
		switch e := c.Poll(0).(type) {
		case nil:
			return nil
		case kafka.Error:
			if authFailure(e) {
				return e
			}
		}
	}
	return nil
}

// tokenTimeout bounds fetching credentials and signing one token.
const tokenTimeout = 15 * time.Second

// token signs a fresh token.
func (m *mskIAM) token(ctx context.Context) (kafka.OAuthBearerToken, error) {
	ctx, cancel := context.WithTimeout(ctx, tokenTimeout)
	defer cancel()
	tok, expiresMs, err := signer.GenerateAuthTokenFromCredentialsProvider(ctx, m.region, m.creds)
	if err != nil {
		return kafka.OAuthBearerToken{}, fmt.Errorf("signing an MSK IAM token for region %s with the default AWS credential chain: %w", m.region, err)
	}
	principal := "msk-iam"
	if host, _ := os.Hostname(); host != "" {
		principal = "msk-iam@" + host
	}
	return kafka.OAuthBearerToken{TokenValue: tok, Expiration: time.UnixMilli(expiresMs), Principal: principal}, nil
}

// oauthClient is the part of a librdkafka client that takes tokens.
type oauthClient interface {
	SetOAuthBearerToken(kafka.OAuthBearerToken) error
	SetOAuthBearerTokenFailure(string) error
	IsClosed() bool
}

// startTokenRefresh gives a new client its first token before it connects,
// then keeps it fresh until the client is closed. librdkafka asks for a new
// token at 80% of the old one's lifetime through an OAuthBearerTokenRefresh
// event; such events reach only the queue the application polls, and a
// table has clients that are not polled (commit and dead-letter clients),
// so every client gets its token on the same schedule from here instead.
func startTokenRefresh(client any, iam *mskIAM, log *zap.Logger) error {
	c, ok := client.(oauthClient)
	if !ok {
		return fmt.Errorf("this Kafka client type cannot take OAUTHBEARER tokens")
	}
	tok, err := iam.token(context.Background())
	if err != nil {
		return err
	}
	if err := c.SetOAuthBearerToken(tok); err != nil {
		return fmt.Errorf("setting the MSK IAM token: %w", err)
	}
	go refreshTokens(c, iam, tok.Expiration, log)
	return nil
}

// refreshTokens renews the token at 80% of its lifetime, and retries every
// 10 s after a failure, until the client is closed.
func refreshTokens(c oauthClient, iam *mskIAM, expires time.Time, log *zap.Logger) {
	next := refreshAt(time.Now(), expires)
	tick := time.NewTicker(time.Second)
	defer tick.Stop()
	for range tick.C {
		if c.IsClosed() {
			return
		}
		if time.Now().Before(next) {
			continue
		}
		tok, err := iam.token(context.Background())
		if err != nil {
			log.Warn("kafka: renewing the MSK IAM token failed; retrying in 10 s", zap.Time("current_token_expires", expires), zap.Error(err))
			_ = c.SetOAuthBearerTokenFailure(err.Error())
			next = time.Now().Add(10 * time.Second)
			continue
		}
		if err := c.SetOAuthBearerToken(tok); err != nil {
			if c.IsClosed() {
				return
			}
			log.Warn("kafka: the client refused the renewed MSK IAM token", zap.Error(err))
		}
		expires = tok.Expiration
		next = refreshAt(time.Now(), expires)
		log.Debug("kafka: MSK IAM token renewed", zap.Time("expires", expires))
	}
}

// refreshAt is when a token valid from now until expires is renewed: at
// 80% of its lifetime, librdkafka's own schedule.
func refreshAt(now, expires time.Time) time.Time {
	return now.Add(expires.Sub(now) * 8 / 10)
}
