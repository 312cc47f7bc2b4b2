package runtime

import (
	"strings"
	"testing"
	"time"
)

func TestParseRestorePolicy(t *testing.T) {
	at := time.Date(2026, 1, 2, 15, 4, 5, 0, time.UTC)
	tests := []struct {
		unrestorable, from, lost string
		want                     RestorePolicy
		err                      string
	}{
		{"", "", "", RestorePolicy{}, ""},
		{"fail", "earliest", "fail", RestorePolicy{}, ""},
		{"REBUILD", "", "", RestorePolicy{Unrestorable: UnrestorableRebuild}, ""},
		{"rebuild", "2026-01-02T15:04:05Z", "", RestorePolicy{Unrestorable: UnrestorableRebuild, RebuildFrom: at}, ""},
		{"rebuild", "1767366245000", "", RestorePolicy{Unrestorable: UnrestorableRebuild, RebuildFrom: at}, ""},
		{"empty", "", "reprocess", RestorePolicy{Unrestorable: UnrestorableEmpty, LostCheckpoint: LostCheckpointReprocess}, ""},
		{"skip", "", "", RestorePolicy{}, `"skip" is not one of fail, rebuild, empty`},
		{"", "", "ignore", RestorePolicy{}, `"ignore" is not one of fail, reprocess`},
		{"rebuild", "yesterday", "", RestorePolicy{}, "not 'earliest', an RFC 3339 time"},
		{"empty", "2026-01-02T15:04:05Z", "", RestorePolicy{}, "applies only with --unrestorable-state=rebuild"},
	}
	for _, tt := range tests {
		got, err := ParseRestorePolicy(tt.unrestorable, tt.from, tt.lost)
		switch {
		case tt.err != "":
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("%q %q %q: error %v, want %q", tt.unrestorable, tt.from, tt.lost, err, tt.err)
			}
		case err != nil:
			t.Errorf("%q %q %q: %v", tt.unrestorable, tt.from, tt.lost, err)
		case got.Unrestorable != tt.want.Unrestorable || got.LostCheckpoint != tt.want.LostCheckpoint || !got.RebuildFrom.Equal(tt.want.RebuildFrom):
			t.Errorf("%q %q %q = %+v, want %+v", tt.unrestorable, tt.from, tt.lost, got, tt.want)
		}
	}
}
