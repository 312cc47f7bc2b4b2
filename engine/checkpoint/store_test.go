package checkpoint

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/sluice-sql/sluice/engine/checkpoint/s3test"
)

// storeKind is one Store implementation under the contract tests, with raw
// access to what it stores so that a test can damage it.
type storeKind struct {
	name string
	// open returns an empty store keeping keep checkpoints.
	open func(t *testing.T, keep int, onSkip func(error)) (Store, rawStorage)
}

// rawStorage reads and writes a store's files or objects by name (chk-….sluice),
// behind the store's back.
type rawStorage interface {
	put(t *testing.T, name string, data []byte)
	get(t *testing.T, name string) []byte
	names(t *testing.T) []string
}

func storeKinds() []storeKind {
	return []storeKind{
		{name: "dir", open: func(t *testing.T, keep int, onSkip func(error)) (Store, rawStorage) {
			s, err := NewDirStore(filepath.Join(t.TempDir(), "a", "b"), keep, onSkip)
			if err != nil {
				t.Fatal(err)
			}
			return s, rawDir(s.dir)
		}},
		{name: "s3", open: func(t *testing.T, keep int, onSkip func(error)) (Store, rawStorage) {
			client := s3test.Client(t)
			bucket := s3test.Bucket(t, client)
			s := NewS3Store(client, bucket, "jobs/fraud/", keep, onSkip)
			s.listPageSize = 2 // every List reads several pages
			return s, rawS3{client, bucket, "jobs/fraud/"}
		}},
	}
}

type rawDir string

func (d rawDir) put(t *testing.T, name string, data []byte) {
	if err := os.WriteFile(filepath.Join(string(d), name), data, 0o644); err != nil {
		t.Fatal(err)
	}
}

func (d rawDir) get(t *testing.T, name string) []byte {
	b, err := os.ReadFile(filepath.Join(string(d), name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func (d rawDir) names(t *testing.T) []string {
	entries, err := os.ReadDir(string(d))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		out = append(out, e.Name())
	}
	return out
}

type rawS3 struct {
	client         *s3.Client
	bucket, prefix string
}

func (r rawS3) put(t *testing.T, name string, data []byte) {
	if _, err := r.client.PutObject(context.Background(), &s3.PutObjectInput{
		Bucket: aws.String(r.bucket), Key: aws.String(r.prefix + name), Body: bytes.NewReader(data),
	}); err != nil {
		t.Fatal(err)
	}
}

func (r rawS3) get(t *testing.T, name string) []byte {
	out, err := r.client.GetObject(context.Background(), &s3.GetObjectInput{
		Bucket: aws.String(r.bucket), Key: aws.String(r.prefix + name),
	})
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = out.Body.Close() }()
	var b bytes.Buffer
	if _, err := b.ReadFrom(out.Body); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func (r rawS3) names(t *testing.T) []string {
	out, err := r.client.ListObjectsV2(context.Background(), &s3.ListObjectsV2Input{Bucket: aws.String(r.bucket)})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, o := range out.Contents {
		names = append(names, strings.TrimPrefix(aws.ToString(o.Key), r.prefix))
	}
	return names
}

func checkpointName(id uint64) string { return fmt.Sprintf("chk-%020d.sluice", id) }

func TestStoreLatest(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name     string
		saves    []uint64
		damage   func(t *testing.T, raw rawStorage) // applied after the saves
		wantID   uint64
		wantNone bool
		wantSkip string // substring of the reported skip error
		wantLeft int    // checkpoints left
	}{
		{name: "empty", wantNone: true},
		{name: "latest of several", saves: []uint64{1, 2}, wantID: 2, wantLeft: 2},
		{name: "keeps the last three", saves: []uint64{1, 2, 3, 4, 5}, wantID: 5, wantLeft: 3},
		{name: "corrupt newest is skipped", saves: []uint64{1, 2},
			damage: func(t *testing.T, raw rawStorage) {
				b := raw.get(t, checkpointName(2))
				b[0] ^= 0xff
				raw.put(t, checkpointName(2), b)
			}, wantID: 1, wantSkip: "chk-00000000000000000002.sluice: corrupt checkpoint: checksum", wantLeft: 2},
		{name: "truncated newest is skipped", saves: []uint64{1, 2},
			damage: func(t *testing.T, raw rawStorage) {
				raw.put(t, checkpointName(2), []byte{1})
			}, wantID: 1, wantSkip: "shorter than its checksum", wantLeft: 2},
		{name: "newest cut short is skipped", saves: []uint64{1, 2},
			damage: func(t *testing.T, raw rawStorage) {
				b := raw.get(t, checkpointName(2))
				raw.put(t, checkpointName(2), b[:len(b)/2])
			}, wantID: 1, wantSkip: "corrupt checkpoint", wantLeft: 2},
		{name: "other names are ignored", saves: []uint64{1},
			damage: func(t *testing.T, raw rawStorage) {
				raw.put(t, "chk-00000000000000000009.sluice-1.tmp", []byte("x"))
				raw.put(t, "chk-x.sluice", []byte("x"))
				raw.put(t, "notes.txt", []byte("x"))
			}, wantID: 1, wantLeft: 1},
	}
	for _, kind := range storeKinds() {
		for _, tt := range tests {
			t.Run(kind.name+"/"+tt.name, func(t *testing.T) {
				var skipped []error
				s, raw := kind.open(t, 0, func(err error) { skipped = append(skipped, err) })
				for _, id := range tt.saves {
					if err := s.Save(ctx, id, strings.NewReader(payload(id))); err != nil {
						t.Fatal(err)
					}
				}
				if tt.damage != nil {
					tt.damage(t, raw)
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
				ids, err := s.List(ctx)
				if err != nil || len(ids) != tt.wantLeft {
					t.Errorf("List = %v %v, want %d checkpoints", ids, err, tt.wantLeft)
				}
			})
		}
	}
}

func payload(id uint64) string { return strings.Repeat(string(rune('a'+id)), int(id)*10) }

// A failed write (here: a cancelled context) leaves no checkpoint behind.
func TestStoreSaveIsAtomic(t *testing.T) {
	for _, kind := range storeKinds() {
		t.Run(kind.name, func(t *testing.T) {
			s, raw := kind.open(t, 3, nil)
			ctx, cancel := context.WithCancel(context.Background())
			cancel()
			if err := s.Save(ctx, 1, bytes.NewReader([]byte("state"))); !errors.Is(err, context.Canceled) {
				t.Fatalf("Save with a cancelled context: %v", err)
			}
			if names := raw.names(t); len(names) != 0 {
				t.Fatalf("left after a failed save: %v", names)
			}
			if _, _, err := s.Latest(context.Background()); !errors.Is(err, ErrNoCheckpoint) {
				t.Fatalf("Latest after failed save: %v", err)
			}
		})
	}
}

// A reader that fails half-way through (the job's encoder failing, say)
// must not leave the part already read as a checkpoint.
func TestStoreSaveOfAFailingReader(t *testing.T) {
	for _, kind := range storeKinds() {
		t.Run(kind.name, func(t *testing.T) {
			s, raw := kind.open(t, 3, nil)
			boom := errors.New("encoder failed")
			r := io.MultiReader(strings.NewReader(strings.Repeat("x", 100_000)), errReader{boom})
			if err := s.Save(context.Background(), 1, r); !errors.Is(err, boom) {
				t.Fatalf("Save: %v, want %v", err, boom)
			}
			if names := raw.names(t); len(names) != 0 {
				t.Fatalf("left after a failed save: %v", names)
			}
		})
	}
}

type errReader struct{ err error }

func (r errReader) Read([]byte) (int, error) { return 0, r.err }

// A pinned checkpoint survives pruning however many newer ones are saved;
// List and Load see it; List includes a damaged one and Load reports it.
func TestStorePinListAndLoad(t *testing.T) {
	ctx := context.Background()
	for _, kind := range storeKinds() {
		t.Run(kind.name, func(t *testing.T) {
			s, raw := kind.open(t, 3, nil)
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
			if _, err := s.Load(ctx, 1); !errors.Is(err, ErrNoCheckpoint) || !strings.Contains(err.Error(), checkpointName(1)) {
				t.Fatalf("Load of a pruned checkpoint: %v, want ErrNoCheckpoint naming it", err)
			}
			raw.put(t, checkpointName(6), []byte("damaged"))
			if ids, _ := s.List(ctx); fmt.Sprint(ids) != "[7 6 5 2]" {
				t.Fatalf("List with a damaged checkpoint = %v, want it included", ids)
			}
			if _, err := s.Load(ctx, 6); !errors.Is(err, ErrCorrupt) || !strings.Contains(err.Error(), checkpointName(6)) {
				t.Fatalf("Load of a damaged checkpoint: %v, want ErrCorrupt naming it", err)
			}
			// Moving the pin lets the old one go at the next save.
			s.Pin(7)
			if err := s.Save(ctx, 8, strings.NewReader(payload(8))); err != nil {
				t.Fatal(err)
			}
			if ids, _ := s.List(ctx); fmt.Sprint(ids) != "[8 7 6]" {
				t.Fatalf("List after moving the pin = %v, want [8 7 6]", ids)
			}
		})
	}
}

// Checkpoints are written in one format whatever the store: a checkpoint
// copied from a directory into a bucket (or back) is read as it was.
func TestStoresShareTheFormat(t *testing.T) {
	ctx := context.Background()
	kinds := storeKinds()
	dir, dirRaw := kinds[0].open(t, 3, nil)
	bucket, bucketRaw := kinds[1].open(t, 3, nil)
	if err := dir.Save(ctx, 4, strings.NewReader(payload(4))); err != nil {
		t.Fatal(err)
	}
	bucketRaw.put(t, checkpointName(4), dirRaw.get(t, checkpointName(4)))
	if data, err := bucket.Load(ctx, 4); err != nil || string(data) != payload(4) {
		t.Fatalf("the directory's checkpoint read from the bucket: %q, %v", data, err)
	}
}
