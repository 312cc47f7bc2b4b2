package config

import (
	"strings"
	"testing"
	"time"
)

func TestJobSettings(t *testing.T) {
	tests := []struct {
		interval, ttl string // "" = unset
		want          time.Duration
		wantErr       string
	}{
		{"", "", 0, ""},
		{"10 s", "1 h", 10 * time.Second, ""},
		{"10 ms", "", 10 * time.Millisecond, ""},
		{"0 ms", "", 0, "Checkpoint interval must be larger than or equal to 10 ms"},
		{"9", "", 0, "Checkpoint interval must be larger than or equal to 10 ms"},
		{"99999999999999 d", "", 0, `"99999999999999 d" is too long a duration (at most 106751 days)`},
		{"10 s", "-5 d", 0, `SET 'table.exec.state.ttl': "-5 d" is not a duration`},
	}
	for _, tt := range tests {
		settings := map[string]string{}
		if tt.interval != "" {
			settings[SettingCheckpointInterval] = tt.interval
		}
		if tt.ttl != "" {
			settings[SettingStateTTL] = tt.ttl
		}
		err := CheckSettings(settings)
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("%q/%q: error %v, want %q", tt.interval, tt.ttl, err, tt.wantErr)
			}
			continue
		}
		got, ierr := CheckpointInterval(settings)
		if err != nil || ierr != nil || got != tt.want {
			t.Errorf("%q/%q: %v, %v, %v; want %v", tt.interval, tt.ttl, got, err, ierr, tt.want)
		}
	}
	if _, err := ParseMemorySize("99999999999 tb"); err == nil {
		t.Error("an overflowing memory size was accepted")
	}
}
