package web

import (
	"errors"
	"net/http/httptest"
	"strings"
	"testing"
	"unicode/utf8"

	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"

	"github.com/sluice-sql/sluice/engine/runtime"
	"github.com/sluice-sql/sluice/internal/excerpt"
)

// TestLogRingBoundsText: warnings quoting 5 MB records keep a bounded
// excerpt each, the ring as a whole stays under maxRingBytes, and so does
// /api/job.
func TestLogRingBoundsText(t *testing.T) {
	ring := NewLogRing(100, zapcore.WarnLevel)
	log := ring.Tee(zap.NewNop())
	huge := strings.Repeat("é", 5<<19)
	for range 100 {
		log.Warn("bad record "+huge, zap.Error(errors.New("Failed to deserialize JSON '"+huge+"'")))
	}
	log.Warn("the last one")
	got := ring.Entries()
	total := 0
	for _, e := range got {
		total += entryBytes(e)
		if len(e.Message) > excerpt.Text+32 || len(e.Fields) > excerpt.Text+32 || !utf8.ValidString(e.Fields) {
			t.Fatalf("entry of %d + %d bytes", len(e.Message), len(e.Fields))
		}
	}
	if total > maxRingBytes || len(got) == 0 || got[len(got)-1].Message != "the last one" {
		t.Fatalf("%d entries of %d bytes, the newest %q", len(got), total, got[len(got)-1].Message)
	}
	if c := ring.Counts(); c["warn"] != 101 {
		t.Errorf("counts %v, want every warning counted", c)
	}

	obs := runtime.NewObserver()
	srv := httptest.NewServer(NewHandler(Config{Observer: obs, Logs: ring, Plan: "== Sluice Plan ==\n"}))
	defer srv.Close()
	if _, body := get(t, srv.URL, "/api/job"); len(body) > maxRingBytes+16<<10 {
		t.Fatalf("/api/job is %d bytes", len(body))
	}
}
