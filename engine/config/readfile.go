package config

import (
	"fmt"
	"io"
	"os"
)

// Input size limits. A job's files are small (the seed's SQL is 3 KB, its
// properties 1 KB); the limits keep a wrong path (/dev/zero, a log file, a
// data file) from filling memory before anything can say what is wrong.
// Managed Flink itself caps runtime properties far lower (50 groups of 50).
const (
	// MaxSQLBytes bounds the SQL file: 16 MiB.
	MaxSQLBytes = 16 << 20
	// MaxPropertiesBytes bounds the application properties file: 1 MiB.
	MaxPropertiesBytes = 1 << 20
)

// ReadFile reads at most limit bytes of path; a longer file is an error
// that names it, what it is (what), and the limit. Only limit+1 bytes are
// ever read, so an endless file (/dev/zero) costs no more memory than that.
func ReadFile(path, what string, limit int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, fmt.Errorf("%s %s: %w", what, path, err)
	}
	if int64(len(data)) > limit {
		return nil, fmt.Errorf("%s %s is larger than %s, the most Sluice reads (is it the right file?)", what, path, byteSize(limit))
	}
	return data, nil
}

// byteSize renders a limit as "16 MiB" or "1 MiB".
func byteSize(n int64) string {
	if n%(1<<20) == 0 {
		return fmt.Sprintf("%d MiB", n>>20)
	}
	return fmt.Sprintf("%d bytes", n)
}
