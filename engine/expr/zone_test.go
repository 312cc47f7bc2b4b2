package expr

import (
	"testing"
	"time"
)

func TestSessionZone(t *testing.T) {
	at := time.Date(2023, 8, 10, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		id     string
		offset int // seconds east of UTC at `at`
		bad    bool
	}{
		{id: "UTC"},
		{id: "Asia/Shanghai", offset: 8 * 3600},
		{id: "America/Los_Angeles", offset: -7 * 3600},
		{id: "GMT-08:00", offset: -8 * 3600},
		{id: "GMT+5", offset: 5 * 3600},
		{id: "PST", bad: true},
		{id: "+08:00", bad: true},
		{id: "Mars/Olympus", bad: true},
	}
	for _, tt := range tests {
		loc, err := SessionZone(tt.id)
		if tt.bad {
			if err == nil {
				t.Errorf("%s accepted", tt.id)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", tt.id, err)
			continue
		}
		if _, off := at.In(loc).Zone(); off != tt.offset {
			t.Errorf("%s: offset %d, want %d", tt.id, off, tt.offset)
		}
	}
}
