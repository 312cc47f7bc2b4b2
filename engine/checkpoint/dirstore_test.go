package checkpoint

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestDirStore(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name     string
		saves    []uint64
		damage   func(t *testing.T, s *DirStore) // applied after the saves
		wantID   uint64
		wantNone bool
		wantSkip string // substring of the reported skip error
		wantLeft int    // checkpoint files left
	}{
		{name: "empty directory", wantNone: true},
		{name: "latest of several", saves: []uint64{1, 2}, wantID: 2, wantLeft: 2},
		{name: "keeps the last three", saves: []uint64{1, 2, 3, 4, 5}, wantID: 5, wantLeft: 3},
		{name: "corrupt newest is skipped", saves: []uint64{1, 2},
			damage: func(t *testing.T, s *DirStore) {
				b, _ := os.ReadFile(s.path(2))
				b[0] ^= 0xff
				if err := os.WriteFile(s.path(2), b, 0o644); err != nil {
					t.Fatal(err)
				}
			}, wantID: 1, wantSkip: "chk-00000000000000000002.sluice: corrupt checkpoint: checksum", wantLeft: 2},
		{name: "truncated newest is skipped", saves: []uint64{1, 2},
			damage: func(t *testing.T, s *DirStore) {
				if err := os.WriteFile(s.path(2), []byte{1}, 0o644); err != nil {
					t.Fatal(err)
				}
			}, wantID: 1, wantSkip: "shorter than its checksum", wantLeft: 2},
		{name: "leftover temp file is ignored", saves: []uint64{1},
			damage: func(t *testing.T, s *DirStore) {
				if err := os.WriteFile(filepath.Join(s.dir, "chk-00000000000000000009.sluice-1.tmp"), []byte("x"), 0o644); err != nil {
					t.Fatal(err)
				}
			}, wantID: 1, wantLeft: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var skipped []error
			s, err := NewDirStore(filepath.Join(t.TempDir(), "a", "b"), 0, func(err error) { skipped = append(skipped, err) })
			if err != nil {
				t.Fatal(err)
			}
			for _, id := range tt.saves {
				if err := s.Save(ctx, id, strings.NewReader(payload(id))); err != nil {
					t.Fatal(err)
				}
			}
			if tt.damage != nil {
				tt.damage(t, s)
			}
			id, data, err := s.Latest(ctx)
			if tt.wantNone {
				if !errors.Is(err, ErrNoCheckpoint) {
					t.Fatalf("Latest: %v, want ErrNoCheckpoint", err)
				}
				return
			}
			if err != nil || id != tt.wantID || string(data) != payload(tt.wantID) {
				t.Fatalf("Latest = %d %q %v, want %d %q", id, data, err, tt.wantID, payload(tt.wantID))
			}
			if tt.wantSkip != "" && (len(skipped) != 1 || !strings.Contains(skipped[0].Error(), tt.wantSkip) || !errors.Is(skipped[0], ErrCorrupt)) {
				t.Errorf("skipped = %v, want one error containing %q", skipped, tt.wantSkip)
			}
			if tt.wantSkip == "" && len(skipped) > 0 {
				t.Errorf("unexpected skips: %v", skipped)
			}
			ids, _ := s.ids()
			if len(ids) != tt.wantLeft {
				t.Errorf("%d checkpoints left, want %d", len(ids), tt.wantLeft)
			}
		})
	}
}

func payload(id uint64) string { return strings.Repeat(string(rune('a'+id)), int(id)*10) }

// A failed write (here: a cancelled context) leaves no checkpoint behind.
func TestDirStoreSaveIsAtomic(t *testing.T) {
	s, err := NewDirStore(t.TempDir(), 3, nil)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := s.Save(ctx, 1, bytes.NewReader([]byte("state"))); !errors.Is(err, context.Canceled) {
		t.Fatalf("Save with a cancelled context: %v", err)
	}
	entries, _ := os.ReadDir(s.dir)
	if len(entries) != 0 {
		t.Fatalf("files left after a failed save: %v", entries)
	}
	if _, _, err := s.Latest(context.Background()); !errors.Is(err, ErrNoCheckpoint) {
		t.Fatalf("Latest after failed save: %v", err)
	}
}

// A pinned checkpoint survives pruning however many newer ones are saved;
// List and Load see it.
func TestDirStorePinAndLoad(t *testing.T) {
	ctx := context.Background()
	s, err := NewDirStore(t.TempDir(), 3, nil)
	if err != nil {
		t.Fatal(err)
	}
	for id := uint64(1); id <= 2; id++ {
		if err := s.Save(ctx, id, strings.NewReader(payload(id))); err != nil {
			t.Fatal(err)
		}
	}
	s.Pin(2)
	for id := uint64(3); id <= 7; id++ {
		if err := s.Save(ctx, id, strings.NewReader(payload(id))); err != nil {
			t.Fatal(err)
		}
	}
	ids, err := s.List(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(ids) != "[7 6 5 2]" {
		t.Fatalf("List = %v, want [7 6 5 2]", ids)
	}
	data, err := s.Load(ctx, 2)
	if err != nil || string(data) != payload(2) {
		t.Fatalf("Load(2) = %q, %v", data, err)
	}
	if _, err := s.Load(ctx, 1); !errors.Is(err, ErrNoCheckpoint) {
		t.Fatalf("Load of a pruned checkpoint: %v, want ErrNoCheckpoint", err)
	}
	// Moving the pin lets the old one go at the next save.
	s.Pin(7)
	if err := s.Save(ctx, 8, strings.NewReader(payload(8))); err != nil {
		t.Fatal(err)
	}
	if ids, _ := s.List(ctx); fmt.Sprint(ids) != "[8 7 6]" {
		t.Fatalf("List after moving the pin = %v, want [8 7 6]", ids)
	}
}
