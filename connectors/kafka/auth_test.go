package kafka

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"encoding/pem"
	"errors"
	"math/big"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/confluentinc/confluent-kafka-go/v2/kafka"
	"github.com/twmb/franz-go/pkg/kfake"
	"github.com/twmb/franz-go/pkg/kmsg"

	"github.com/sluice-sql/sluice/connectors"
	"github.com/sluice-sql/sluice/devbroker"
	"github.com/sluice-sql/sluice/engine/types"
)

func TestParseJAAS(t *testing.T) {
	tests := []struct {
		in, module, err string
		opts            map[string]string
	}{
		{in: `org.apache.kafka.common.security.scram.ScramLoginModule required username="alice" password="p\"w;d";`,
			module: "org.apache.kafka.common.security.scram.ScramLoginModule", opts: map[string]string{"username": "alice", "password": `p"w;d`}},
		{in: "software.amazon.msk.auth.iam.IAMLoginModule required;", module: "software.amazon.msk.auth.iam.IAMLoginModule", opts: map[string]string{}},
		{in: "  software.amazon.msk.auth.iam.IAMLoginModule required\n  awsProfileName=prod awsRoleArn=\"arn:aws:iam::1:role/r\" ;",
			module: "software.amazon.msk.auth.iam.IAMLoginModule", opts: map[string]string{"awsProfileName": "prod", "awsRoleArn": "arn:aws:iam::1:role/r"}},
		{in: "", err: "no login module class"},
		{in: "X mandatory;", err: "expected a control flag"},
		{in: `X required username="a"`, err: "missing ';'"},
		{in: `X required username="a;`, err: "unterminated quoted value of username"},
		{in: `X required username;`, err: "expected key=value after \"username\""},
	}
	for _, tt := range tests {
		e, err := parseJAAS(tt.in)
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("parseJAAS(%q) error %v, want %q", tt.in, err, tt.err)
			}
			continue
		}
		if err != nil {
			t.Errorf("parseJAAS(%q): %v", tt.in, err)
			continue
		}
		if e.module != tt.module || len(e.options) != len(tt.opts) {
			t.Errorf("parseJAAS(%q) = %+v, want module %s options %v", tt.in, e, tt.module, tt.opts)
		}
		for k, v := range tt.opts {
			if e.options[k] != v {
				t.Errorf("parseJAAS(%q) option %s = %q, want %q", tt.in, k, e.options[k], v)
			}
		}
	}
}

// testAWSCredentials makes the default AWS chain find only the given key
// and region ("" for none): no profile files, no session token.
func testAWSCredentials(t *testing.T, keyID, region string) {
	t.Setenv("AWS_ACCESS_KEY_ID", keyID)
	t.Setenv("AWS_SECRET_ACCESS_KEY", "not-a-real-secret")
	t.Setenv("AWS_SESSION_TOKEN", "")
	t.Setenv("AWS_REGION", region)
	t.Setenv("AWS_DEFAULT_REGION", "")
	t.Setenv("AWS_CONFIG_FILE", "/nonexistent")
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent")
}

func TestSecurityConfig(t *testing.T) {
	testAWSCredentials(t, "AKIDEXAMPLE", "")
	msk := "b-1.demo.abc123.c2.kafka.eu-west-1.amazonaws.com:9098"
	tests := []struct {
		name  string
		props map[string]string
		want  map[string]string // librdkafka settings expected (others may be set too)
		iam   string            // expected region of the IAM signer, "" for none
		err   string
	}{
		{name: "scram", props: map[string]string{"security.protocol": "SASL_SSL", "sasl.mechanism": "SCRAM-SHA-512",
			"sasl.jaas.config": `org.apache.kafka.common.security.scram.ScramLoginModule required username="u" password="p";`},
			want: map[string]string{"sasl.username": "u", "sasl.password": "p", "ssl.ca.location": "probe"}},
		{name: "sasl settings without a sasl protocol are dropped", props: map[string]string{"security.protocol": "PLAINTEXT",
			"sasl.mechanism": "AWS_MSK_IAM", "sasl.jaas.config": "software.amazon.msk.auth.iam.IAMLoginModule required;"},
			want: map[string]string{}},
		{name: "msk iam as in the seed", props: map[string]string{"bootstrap.servers": msk, "security.protocol": "SASL_SSL",
			"sasl.mechanism": "AWS_MSK_IAM", "sasl.jaas.config": "software.amazon.msk.auth.iam.IAMLoginModule required;",
			"sasl.client.callback.handler.class": "software.amazon.msk.auth.iam.IAMClientCallbackHandler"},
			want: map[string]string{"sasl.mechanism": "OAUTHBEARER"}, iam: "eu-west-1"},
		{name: "msk iam through oauthbearer", props: map[string]string{"bootstrap.servers": msk, "sasl.mechanism": "OAUTHBEARER",
			"security.protocol":                 "SASL_SSL",
			"sasl.jaas.config":                  "org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required;",
			"sasl.login.callback.handler.class": "software.amazon.msk.auth.iam.IAMOAuthBearerLoginCallbackHandler"},
			want: map[string]string{"sasl.mechanism": "OAUTHBEARER"}, iam: "eu-west-1"},
		{name: "msk iam without a region", props: map[string]string{"bootstrap.servers": "localhost:9098", "sasl.mechanism": "AWS_MSK_IAM",
			"security.protocol": "SASL_SSL"},
			err: "no AWS region"},
		{name: "oidc", props: map[string]string{"security.protocol": "SASL_PLAINTEXT", "sasl.mechanism": "OAUTHBEARER", "sasl.oauthbearer.token.endpoint.url": "https://idp/token",
			"sasl.jaas.config": `org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required clientId="c" clientSecret="s" scope="kafka";`},
			want: map[string]string{"sasl.oauthbearer.method": "oidc", "sasl.oauthbearer.client.id": "c",
				"sasl.oauthbearer.client.secret": "s", "sasl.oauthbearer.scope": "kafka"}},
		{name: "unsecured jwt", props: map[string]string{"security.protocol": "SASL_PLAINTEXT", "sasl.mechanism": "OAUTHBEARER",
			"sasl.jaas.config": `org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required unsecuredLoginStringClaim_sub="me";`},
			want: map[string]string{"enable.sasl.oauthbearer.unsecure.jwt": "true", "sasl.oauthbearer.config": "principal=me"}},
		{name: "pem trust store and key store", props: map[string]string{"security.protocol": "SSL",
			"ssl.truststore.location": "/etc/ca.pem", "ssl.keystore.location": "/etc/client.pem", "ssl.keystore.type": "PEM",
			"ssl.keystore.password": "kp"},
			want: map[string]string{"ssl.ca.location": "/etc/ca.pem", "ssl.certificate.location": "/etc/client.pem",
				"ssl.key.location": "/etc/client.pem", "ssl.key.password": "kp"}},
		{name: "jks trust store", props: map[string]string{"security.protocol": "SSL", "ssl.truststore.location": "/etc/kafka.truststore.jks"},
			err: "JKS trust store"},
		{name: "jks key store", props: map[string]string{"ssl.keystore.location": "/etc/k.jks"}, err: "JKS key store"},
		{name: "pkcs12 key store is native", props: map[string]string{"ssl.keystore.location": "/etc/k.p12"}, want: map[string]string{}},
		{name: "bad jaas hides the value", props: map[string]string{"security.protocol": "SASL_SSL", "sasl.mechanism": "PLAIN", "sasl.jaas.config": `X required password="hunter2"`},
			err: "invalid option 'properties.sasl.jaas.config'"},
		{name: "plaintext stays plain", props: map[string]string{"bootstrap.servers": "localhost:9092"}, want: map[string]string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			set, _, sec := securityConfig(tt.props)
			if tt.err != "" {
				if sec == nil || sec.err == nil || !strings.Contains(sec.err.Error(), tt.err) {
					t.Fatalf("error %v, want %q", sec, tt.err)
				}
				if strings.Contains(sec.err.Error(), "hunter2") {
					t.Fatalf("the error shows the secret: %v", sec.err)
				}
				var oe *connectors.OptionError
				if !errors.As(sec.err, &oe) || len(oe.Keys) != 1 {
					t.Fatalf("error %v does not name its option", sec.err)
				}
				return
			}
			if sec != nil && sec.err != nil {
				t.Fatal(sec.err)
			}
			for k, v := range tt.want {
				if got, ok := set[k]; !ok || toString(got) != v {
					t.Errorf("%s = %v, want %s (all: %v)", k, got, v, set)
				}
			}
			if len(tt.want) == 0 && len(set) != 0 {
				t.Errorf("settings %v, want none", set)
			}
			switch {
			case tt.iam == "" && sec != nil && sec.iam != nil:
				t.Errorf("IAM signer set up for %v", tt.props)
			case tt.iam != "" && (sec == nil || sec.iam == nil || sec.iam.region != tt.iam):
				t.Errorf("IAM signer %+v, want region %s", sec, tt.iam)
			}
		})
	}
}

func toString(v kafka.ConfigValue) string {
	switch v := v.(type) {
	case string:
		return v
	case bool:
		if v {
			return "true"
		}
		return "false"
	}
	return "?"
}

// TestSCRAMRoundTrip writes and reads a table through a broker that
// requires SASL/SCRAM-SHA-512, configured with the JAAS options a Flink job
// has. (kfake drops the connection on a wrong password instead of answering
// SASL_AUTHENTICATION_FAILED; the rejection is tested in TestMSKIAMToken.)
func TestSCRAMRoundTrip(t *testing.T) {
	b := startBroker(t, devbroker.Config{Topics: map[string]int32{"secure": 1},
		ClusterOptions: []kfake.Opt{kfake.EnableSASL(), kfake.Superuser("SCRAM-SHA-512", "sluice", "s3cr=t\"x")}})
	opts := map[string]string{"topic": "secure", "properties.bootstrap.servers": b.Addr(), "format": "json",
		"properties.security.protocol": "SASL_PLAINTEXT", "properties.sasl.mechanism": "SCRAM-SHA-512",
		"properties.sasl.jaas.config": `org.apache.kafka.common.security.scram.ScramLoginModule required username="sluice" password="s3cr=t\"x";`,
		"scan.startup.mode":           "earliest-offset", "scan.bounded.mode": "latest-offset"}
	rows := []types.Row{txRow(1, "A", "1.5", "2023-08-10 12:00:00"), txRow(2, "B", "2.25", "2023-08-10 12:00:01")}
	writeAll(t, newSink(t, table(t, "secure", txSchema, opts)), rows)
	got := showRows(runBounded(t, newSource(t, table(t, "secure", txSchema, opts))))
	if want := showRows(rows); !equalStrings(got, want) {
		t.Fatalf("read back %v, want %v", got, want)
	}
}

// TestMSKIAMToken connects with the seed's MSK IAM settings to a broker
// that takes any OAUTHBEARER token, and checks the token the client sent:
// a SigV4-presigned kafka-cluster:Connect URL for the test credentials.
func TestMSKIAMToken(t *testing.T) {
	testAWSCredentials(t, "AKIDSLUICETEST", "ap-southeast-2")
	b := startBroker(t, devbroker.Config{Topics: map[string]int32{"iam": 1}})
	var (
		mu     sync.Mutex
		tokens []string
		deny   bool
	)
	c := b.Cluster()
	c.ControlKey(int16(kmsg.SASLHandshake), func(r kmsg.Request) (kmsg.Response, error, bool) {
		c.KeepControl()
		req := r.(*kmsg.SASLHandshakeRequest)
		resp := req.ResponseKind().(*kmsg.SASLHandshakeResponse)
		if req.Mechanism != "OAUTHBEARER" {
			resp.ErrorCode = 33 // UNSUPPORTED_SASL_MECHANISM
		}
		resp.SupportedMechanisms = []string{"OAUTHBEARER"}
		return resp, nil, true
	})
	c.ControlKey(int16(kmsg.SASLAuthenticate), func(r kmsg.Request) (kmsg.Response, error, bool) {
		c.KeepControl()
		req := r.(*kmsg.SASLAuthenticateRequest)
		// RFC 7628 client first message: "n,,\x01auth=Bearer <token>\x01\x01".
		msg := string(req.SASLAuthBytes)
		if i := strings.Index(msg, "auth=Bearer "); i >= 0 {
			tok := msg[i+len("auth=Bearer "):]
			tok = tok[:strings.IndexByte(tok+"\x01", '\x01')]
			mu.Lock()
			tokens = append(tokens, tok)
			mu.Unlock()
		}
		resp := req.ResponseKind().(*kmsg.SASLAuthenticateResponse)
		resp.SessionLifetimeMillis = int64(time.Hour / time.Millisecond)
		mu.Lock()
		if deny {
			resp.ErrorCode = 58 // SASL_AUTHENTICATION_FAILED, as MSK answers an unauthorised role
			msg := "Access denied"
			resp.ErrorMessage = &msg
		}
		mu.Unlock()
		return resp, nil, true
	})
	opts := map[string]string{"topic": "iam", "properties.bootstrap.servers": b.Addr(), "format": "json",
		"properties.security.protocol": "SASL_PLAINTEXT", "properties.sasl.mechanism": "AWS_MSK_IAM",
		"properties.sasl.jaas.config":                   "software.amazon.msk.auth.iam.IAMLoginModule required;",
		"properties.sasl.client.callback.handler.class": "software.amazon.msk.auth.iam.IAMClientCallbackHandler",
		"scan.startup.mode":                             "earliest-offset", "scan.bounded.mode": "latest-offset"}
	rows := []types.Row{txRow(7, "C", "3.5", "2023-08-10 12:00:02")}
	writeAll(t, newSink(t, table(t, "iam", txSchema, opts)), rows)
	got := showRows(runBounded(t, newSource(t, table(t, "iam", txSchema, opts))))
	if want := showRows(rows); !equalStrings(got, want) {
		t.Fatalf("read back %v, want %v", got, want)
	}

	mu.Lock()
	deny = true
	mu.Unlock()
	_, err := runBoundedErr(newSource(t, table(t, "iam", txSchema, opts)))
	if err == nil || !strings.Contains(err.Error(), "rejected the client's authentication") || !strings.Contains(err.Error(), "Access denied") {
		t.Fatalf("denied: error %v, want an authentication failure", err)
	}

	mu.Lock()
	defer mu.Unlock()
	if len(tokens) == 0 {
		t.Fatal("no OAUTHBEARER token reached the broker")
	}
	for _, tok := range tokens {
		raw, err := base64.RawURLEncoding.DecodeString(tok)
		if err != nil {
			t.Fatalf("token is not base64url: %v", err)
		}
		u, err := url.Parse(string(raw))
		if err != nil {
			t.Fatalf("token is not a URL: %v", err)
		}
		q := u.Query()
		if u.Host != "kafka.ap-southeast-2.amazonaws.com" || q.Get("Action") != "kafka-cluster:Connect" ||
			!strings.HasPrefix(q.Get("X-Amz-Credential"), "AKIDSLUICETEST/") ||
			!strings.Contains(q.Get("X-Amz-Credential"), "/ap-southeast-2/kafka-cluster/aws4_request") ||
			len(q.Get("X-Amz-Signature")) != 64 || q.Get("X-Amz-Expires") != "900" {
			t.Fatalf("token is not an MSK IAM presigned URL: %s", raw)
		}
	}
}

func TestRefreshAt(t *testing.T) {
	now := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
	if got, want := refreshAt(now, now.Add(15*time.Minute)), now.Add(12*time.Minute); !got.Equal(want) {
		t.Fatalf("refreshAt = %v, want %v", got, want)
	}
}

// TestTLSWithPEMTrustStore reads and writes through a TLS listener whose
// certificate is signed by a test CA, given as the Java trust store option
// with type PEM; without the trust store the handshake fails.
func TestTLSWithPEMTrustStore(t *testing.T) {
	caPEM, serverCert := testCertificates(t)
	caFile := filepath.Join(t.TempDir(), "ca.pem")
	if err := os.WriteFile(caFile, caPEM, 0o600); err != nil {
		t.Fatal(err)
	}
	b := startBroker(t, devbroker.Config{Topics: map[string]int32{"tls": 1},
		ClusterOptions: []kfake.Opt{kfake.TLS(&tls.Config{Certificates: []tls.Certificate{serverCert}})}})
	opts := map[string]string{"topic": "tls", "properties.bootstrap.servers": b.Addr(), "format": "json",
		"properties.security.protocol": "SSL", "properties.ssl.truststore.location": caFile,
		"properties.ssl.truststore.type": "PEM",
		"scan.startup.mode":              "earliest-offset", "scan.bounded.mode": "latest-offset"}
	rows := []types.Row{txRow(9, "T", "9.99", "2023-08-10 12:00:03")}
	writeAll(t, newSink(t, table(t, "tls", txSchema, opts)), rows)
	got := showRows(runBounded(t, newSource(t, table(t, "tls", txSchema, opts))))
	if want := showRows(rows); !equalStrings(got, want) {
		t.Fatalf("read back %v, want %v", got, want)
	}

	delete(opts, "properties.ssl.truststore.location")
	delete(opts, "properties.ssl.truststore.type")
	_, err := runBoundedErr(newSource(t, table(t, "tls", txSchema, opts)))
	if err == nil || !strings.Contains(err.Error(), "TLS handshake") {
		t.Fatalf("untrusted certificate: error %v, want a TLS handshake failure", err)
	}
}

// testCertificates makes a CA and a server certificate for 127.0.0.1
// signed by it; it returns the CA as PEM and the server's key pair.
func testCertificates(t *testing.T) ([]byte, tls.Certificate) {
	t.Helper()
	caKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	caTmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "sluice test CA"},
		NotBefore: now.Add(-time.Hour), NotAfter: now.Add(time.Hour), IsCA: true, BasicConstraintsValid: true,
		KeyUsage: x509.KeyUsageCertSign}
	caDER, err := x509.CreateCertificate(rand.Reader, caTmpl, caTmpl, &caKey.PublicKey, caKey)
	if err != nil {
		t.Fatal(err)
	}
	ca, err := x509.ParseCertificate(caDER)
	if err != nil {
		t.Fatal(err)
	}
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(2), Subject: pkix.Name{CommonName: "127.0.0.1"},
		NotBefore: now.Add(-time.Hour), NotAfter: now.Add(time.Hour), IPAddresses: []net.IP{net.ParseIP("127.0.0.1")},
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca, &key.PublicKey, caKey)
	if err != nil {
		t.Fatal(err)
	}
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: caDER}),
		tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}
}
