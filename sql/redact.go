package sql

import "strings"

// RedactedValue replaces a secret option value in output meant for people.
// It is Flink's own mask (GlobalConfiguration.HIDDEN_CONTENT).
const RedactedValue = "******"

// sensitiveKeyParts are the key fragments Flink treats as secrets
// (GlobalConfiguration.SENSITIVE_KEYS): an option whose key contains one of
// them, case-insensitively, has its value hidden in logs and the web UI.
var sensitiveKeyParts = [...]string{
	"password", "secret", "fs.azure.account.key", "apikey", "api-key",
	"auth-params", "service-key", "token", "basic-auth", "jaas.config", "http-headers",
}

// IsSensitiveKey reports whether an option or configuration key holds a
// secret, by Flink's rule.
func IsSensitiveKey(key string) bool {
	k := strings.ToLower(key)
	for _, part := range sensitiveKeyParts {
		if strings.Contains(k, part) {
			return true
		}
	}
	return false
}

// RedactSecrets returns text with the value of every "'key' = 'value'" pair
// whose key is sensitive (WITH options and SET statements) replaced by
// '******'. Everything else, comments and layout included, is kept, so the
// output still reads as the job. Text that does not lex is redacted up to the
// error; an unterminated literal right after "'sensitive key' =" is hidden
// to the end, as it runs to the end of the text.
func RedactSecrets(text string) string {
	toks, lexErr := lex(text)
	var out strings.Builder
	copied := 0
	for i := 0; i+2 < len(toks); i++ {
		key, eq, val := toks[i], toks[i+1], toks[i+2]
		if key.kind != tokString || !eq.is("=") || val.kind != tokString || !IsSensitiveKey(key.value) {
			continue
		}
		out.WriteString(text[copied:val.start])
		out.WriteString("'" + RedactedValue + "'")
		copied = val.end
		i += 2
	}
	if n := len(toks); lexErr != nil && n >= 2 && toks[n-2].kind == tokString && toks[n-1].is("=") &&
		IsSensitiveKey(toks[n-2].value) {
		out.WriteString(text[copied:lexErr.offset])
		out.WriteString(RedactedValue)
		return out.String()
	}
	if copied == 0 {
		return text
	}
	out.WriteString(text[copied:])
	return out.String()
}
