package sql

import "testing"

func TestRedactSecrets(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"scram jaas config",
			"CREATE TABLE t (a INT) WITH (\n  'connector' = 'kafka',\n  'properties.sasl.jaas.config' = 'org.apache.kafka.common.security.scram.ScramLoginModule required username=\"u\" password=\"p@ss\";'\n);",
			"CREATE TABLE t (a INT) WITH (\n  'connector' = 'kafka',\n  'properties.sasl.jaas.config' = '******'\n);"},
		{"password with doubled quote", "WITH ('properties.ssl.key.password'='it''s', 'topic'='x')",
			"WITH ('properties.ssl.key.password'='******', 'topic'='x')"},
		{"case-insensitive key, SET statement", "SET 'My.API-Key' = 'abc';\nSET 'parallelism.default' = '1';",
			"SET 'My.API-Key' = '******';\nSET 'parallelism.default' = '1';"},
		{"oauth client secret, and the token endpoint by Flink's token rule", "'properties.sasl.oauthbearer.client.secret' = 's', 'properties.sasl.oauthbearer.token.endpoint.url' = 'https://idp'",
			"'properties.sasl.oauthbearer.client.secret' = '******', 'properties.sasl.oauthbearer.token.endpoint.url' = '******'"},
		{"nothing sensitive", "SELECT 'password' FROM t -- 'secret' = 'x'", "SELECT 'password' FROM t -- 'secret' = 'x'"},
		{"unterminated secret", "WITH ('password' = 'abc", "WITH ('password' = ******"},
		{"unterminated elsewhere", "WITH ('password' = 'abc', 'topic' = 'x", "WITH ('password' = '******', 'topic' = 'x"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := RedactSecrets(tt.in); got != tt.want {
				t.Errorf("RedactSecrets:\n got %q\nwant %q", got, tt.want)
			}
		})
	}
}

func TestIsSensitiveKey(t *testing.T) {
	for key, want := range map[string]bool{
		"properties.sasl.jaas.config": true, "properties.ssl.truststore.password": true,
		"aws.credentials.provider.basic.secretkey": true, "properties.bootstrap.servers": false,
		"connector": false, "sink.transactional-id-prefix": false,
	} {
		if got := IsSensitiveKey(key); got != want {
			t.Errorf("IsSensitiveKey(%q) = %v, want %v", key, got, want)
		}
	}
}
