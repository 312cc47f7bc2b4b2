package checkpoint

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/aws/smithy-go"
)

// S3Store is a Store under an S3 prefix: one object per checkpoint,
// <prefix>chk-<id>.sluice, in the DirStore's format (the content, then its
// CRC-32C), so a checkpoint copied between a directory and a bucket stays
// readable.
//
// A checkpoint is one PutObject: S3 makes an object visible only once its
// whole body has arrived, so an interrupted upload leaves nothing that List
// or Load would see (multipart uploads, which could leave parts behind, are
// never used). The checksum still guards against an object damaged or
// replaced by hand.
type S3Store struct {
	client *s3.Client
	bucket string
	// prefix ends in "/" unless it is empty (the bucket's root).
	prefix string
	onSkip func(error)
	// listPageSize, if > 0, is ListObjectsV2's MaxKeys (tests make pages
	// small to cover the paging).
	listPageSize int32
	retention
}

// NewS3Store returns a store under s3://bucket/prefix keeping the last keep
// checkpoints (DefaultRetained if keep <= 0). onSkip, if not nil, is called
// for each damaged checkpoint Latest passes over. Nothing is contacted until
// the first call.
func NewS3Store(client *s3.Client, bucket, prefix string, keep int, onSkip func(error)) *S3Store {
	prefix = strings.Trim(prefix, "/")
	if prefix != "" {
		prefix += "/"
	}
	return &S3Store{client: client, bucket: bucket, prefix: prefix, onSkip: onSkip, retention: newRetention(keep)}
}

// URL returns s3://bucket/prefix.
func (s *S3Store) URL() string { return "s3://" + s.bucket + "/" + s.prefix }

func (s *S3Store) key(id uint64) string {
	return s.prefix + fileName(id)
}

func (s *S3Store) where(id uint64) string { return "s3://" + s.bucket + "/" + s.key(id) }

// Save reads the whole checkpoint into memory (a single PutObject needs
// its length and, over plain HTTP, a seekable body to sign), appends the
// checksum and uploads it; then it removes checkpoints beyond the retained
// number.
func (s *S3Store) Save(ctx context.Context, id uint64, r io.Reader) error {
	var buf bytes.Buffer
	if _, err := io.Copy(&buf, readerWithContext{ctx, r}); err != nil {
		return fmt.Errorf("checkpoint %s: read: %w", s.where(id), err)
	}
	buf.Write(appendChecksum(nil, buf.Bytes()))
	_, err := s.client.PutObject(ctx, &s3.PutObjectInput{
		Bucket:        aws.String(s.bucket),
		Key:           aws.String(s.key(id)),
		Body:          bytes.NewReader(buf.Bytes()),
		ContentLength: aws.Int64(int64(buf.Len())),
		ContentType:   aws.String("application/octet-stream"),
	})
	if err != nil {
		return fmt.Errorf("checkpoint %s: PutObject: %w", s.where(id), err)
	}
	return s.prune(ctx)
}

// ids lists the checkpoint objects under the prefix, newest first, page by
// page (ListObjectsV2 returns at most 1,000 keys a call).
func (s *S3Store) ids(ctx context.Context) ([]uint64, error) {
	var ids []uint64
	in := &s3.ListObjectsV2Input{Bucket: aws.String(s.bucket), Prefix: aws.String(s.prefix + filePrefix)}
	if s.listPageSize > 0 {
		in.MaxKeys = aws.Int32(s.listPageSize)
	}
	pages := s3.NewListObjectsV2Paginator(s.client, in)
	for pages.HasMorePages() {
		page, err := pages.NextPage(ctx)
		if err != nil {
			return nil, fmt.Errorf("checkpoints in %s: ListObjectsV2: %w", s.URL(), err)
		}
		for _, o := range page.Contents {
			if id, ok := parseCheckpointName(strings.TrimPrefix(aws.ToString(o.Key), s.prefix)); ok {
				ids = append(ids, id)
			}
		}
	}
	sort.Slice(ids, func(i, j int) bool { return ids[i] > ids[j] })
	return ids, nil
}

func (s *S3Store) prune(ctx context.Context) error {
	ids, err := s.ids(ctx)
	if err != nil {
		return err
	}
	for _, id := range s.prunable(ids) {
		// DeleteObject of a key that is already gone succeeds.
		if _, err := s.client.DeleteObject(ctx, &s3.DeleteObjectInput{
			Bucket: aws.String(s.bucket), Key: aws.String(s.key(id)),
		}); err != nil {
			return fmt.Errorf("checkpoint %s: prune: DeleteObject: %w", s.where(id), err)
		}
	}
	return nil
}

// Latest returns the newest intact checkpoint. Damaged ones are reported to
// onSkip and passed over; any other error (access denied, network) is
// returned: falling back to an older checkpoint because of a network
// error would silently lose the newer state.
func (s *S3Store) Latest(ctx context.Context) (uint64, []byte, error) {
	ids, err := s.ids(ctx)
	if err != nil {
		return 0, nil, err
	}
	for _, id := range ids {
		data, err := s.Load(ctx, id)
		switch {
		case errors.Is(err, ErrCorrupt) || errors.Is(err, ErrNoCheckpoint):
			if s.onSkip != nil {
				s.onSkip(err)
			}
		case err != nil:
			return 0, nil, err
		default:
			return id, data, nil
		}
	}
	return 0, nil, ErrNoCheckpoint
}

// List implements Store.
func (s *S3Store) List(ctx context.Context) ([]uint64, error) { return s.ids(ctx) }

// Load implements Store.
func (s *S3Store) Load(ctx context.Context, id uint64) ([]byte, error) {
	out, err := s.client.GetObject(ctx, &s3.GetObjectInput{
		Bucket: aws.String(s.bucket), Key: aws.String(s.key(id)),
	})
	if err != nil {
		var noKey *s3types.NoSuchKey
		if errors.As(err, &noKey) || isNotFound(err) {
			return nil, fmt.Errorf("checkpoint %s: %w: %w", s.where(id), ErrNoCheckpoint, err)
		}
		return nil, fmt.Errorf("checkpoint %s: GetObject: %w", s.where(id), err)
	}
	defer func() { _ = out.Body.Close() }()
	data, err := io.ReadAll(out.Body)
	if err != nil {
		return nil, fmt.Errorf("checkpoint %s: GetObject: read: %w", s.where(id), err)
	}
	body, err := verifyChecksum(data)
	if err != nil {
		return nil, fmt.Errorf("checkpoint %s: %w", s.where(id), err)
	}
	return body, nil
}

// isNotFound tells a 404 without the NoSuchKey code, which some
// S3-compatible servers send.
func isNotFound(err error) bool {
	var apiErr smithy.APIError
	return errors.As(err, &apiErr) && (apiErr.ErrorCode() == "NotFound" || apiErr.ErrorCode() == "NoSuchKey")
}
